package io.meshportal.rollout;

import java.util.Map;

/**
 * How much worse than stable a canary may be at a step before the rollout is aborted. Differences of shares are
 * in percentage points; latency as a ratio, output as a percent drop.
 *
 * @param maxErrorPercentIncrease  canary error % minus stable error %, 0 to 100
 * @param maxP99Ratio              canary p99 over stable p99, 1 to 10
 * @param maxRejectPercentIncrease canary reject % minus stable reject %, 0 to 100
 * @param maxOeeDrop               stable OEE % minus canary OEE %, 0 to 100
 * @param maxOutputDropPercent     how far the canary's output per minute may fall below stable's, 0 to 100 %
 */
public record Thresholds(
        double maxErrorPercentIncrease,
        double maxP99Ratio,
        double maxRejectPercentIncrease,
        double maxOeeDrop,
        double maxOutputDropPercent) {

    /** What the form proposes: about what Flagger's request-success and latency checks allow, and a few points on production. */
    public static final Thresholds DEFAULTS = new Thresholds(1, 1.5, 2, 5, 10);

    void check(Map<String, String> p) {
        range(p, "maxErrorPercentIncrease", maxErrorPercentIncrease, 0, 100, "From 0 to 100 percentage points");
        range(p, "maxP99Ratio", maxP99Ratio, 1, 10, "A ratio from 1 to 10");
        range(p, "maxRejectPercentIncrease", maxRejectPercentIncrease, 0, 100, "From 0 to 100 percentage points");
        range(p, "maxOeeDrop", maxOeeDrop, 0, 100, "From 0 to 100 percentage points");
        range(p, "maxOutputDropPercent", maxOutputDropPercent, 0, 100, "From 0 to 100 %");
    }

    private static void range(Map<String, String> p, String field, double v, double min, double max, String message) {
        if (!Double.isFinite(v) || v < min || v > max) {
            p.put(field, message);
        }
    }
}
