package io.meshportal.alerts;

/** What a rule watches, and which way its threshold points. */
public enum RuleKind {
    OUTPUT_RATE_BELOW("Output rate below (units/min)", false, true),
    STOCK_BELOW("Material stock below", false, true),
    OEE_BELOW("OEE below (%)", false, true),
    FACTORY_DOWN("Factory telemetry DOWN", true, true),
    NODE_CPU_ABOVE("Node CPU above (%)", true, false),
    NODE_MEMORY_ABOVE("Node memory above (%)", true, false);

    private final String label;
    private final boolean above;
    private final boolean perFactory;

    RuleKind(String label, boolean above, boolean perFactory) {
        this.label = label;
        this.above = above;
        this.perFactory = perFactory;
    }

    public String label() {
        return label;
    }

    /** True when the rule fires above its threshold, false when below. */
    public boolean above() {
        return above;
    }

    /** Factory rules look at telemetry; the others at cluster nodes. */
    public boolean perFactory() {
        return perFactory;
    }
}
