package io.meshportal.alerts;

/** What a rule watches, which way its threshold points and what its threshold counts. */
public enum RuleKind {
    OUTPUT_RATE_BELOW("Output rate below (units/min)", Direction.BELOW, Subject.FACTORY, Unit.AMOUNT),
    STOCK_BELOW("Material stock below", Direction.BELOW, Subject.FACTORY, Unit.AMOUNT),
    OEE_BELOW("OEE below (%)", Direction.BELOW, Subject.FACTORY, Unit.PERCENT),
    FACTORY_DOWN("Factory telemetry DOWN", Direction.ABOVE, Subject.FACTORY, Unit.STATE),
    NODE_CPU_ABOVE("Node CPU above (%)", Direction.ABOVE, Subject.NODE, Unit.PERCENT),
    NODE_MEMORY_ABOVE("Node memory above (%)", Direction.ABOVE, Subject.NODE, Unit.PERCENT),
    ERROR_RATE_ABOVE("Request errors above (%)", Direction.ABOVE, Subject.FACTORY, Unit.PERCENT),
    LATENCY_P99_ABOVE("Request latency p99 above (ms)", Direction.ABOVE, Subject.FACTORY, Unit.AMOUNT);

    /** Whether the rule fires when the value rises above or falls below its threshold. */
    public enum Direction {
        ABOVE,
        BELOW
    }

    /** Factory rules look at telemetry; node rules at cluster nodes. */
    public enum Subject {
        FACTORY,
        NODE
    }

    /** What the threshold is: a non-negative amount, a percentage, or a state (DOWN or not) with a fixed threshold. */
    public enum Unit {
        AMOUNT,
        PERCENT,
        STATE
    }

    private final String label;
    private final Direction direction;
    private final Subject subject;
    private final Unit unit;

    RuleKind(String label, Direction direction, Subject subject, Unit unit) {
        this.label = label;
        this.direction = direction;
        this.subject = subject;
        this.unit = unit;
    }

    public String label() {
        return label;
    }

    /** True when the rule fires above its threshold, false when below. */
    public boolean above() {
        return direction == Direction.ABOVE;
    }

    /** Factory rules look at telemetry; the others at cluster nodes. */
    public boolean perFactory() {
        return subject == Subject.FACTORY;
    }

    public Unit unit() {
        return unit;
    }

    /** Whether the rule watches the mesh signals (request errors and latency) rather than production telemetry. */
    public boolean meshSignal() {
        return this == ERROR_RATE_ABOVE || this == LATENCY_P99_ABOVE;
    }
}
