package io.meshportal.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares a canary with stable over one step. Both need the minimum number of samples, else the step waits. A
 * figure missing on either side is not judged (a mesh without signals still gets its production judged).
 */
final class CanaryJudge {

    /**
     * Below this, p99 differences are noise (a loopback request takes about a millisecond): the latency check
     * fails only when the canary is over both the ratio and this many milliseconds above stable, as Flagger's
     * request-duration check uses an absolute threshold.
     */
    static final double LATENCY_FLOOR_MILLIS = 25;

    enum Decision {
        WAIT,
        PASS,
        FAIL
    }

    record Verdict(Decision decision, List<String> reasons) {

        Verdict {
            reasons = List.copyOf(reasons);
        }

        String summary() {
            return String.join("; ", reasons);
        }
    }

    private CanaryJudge() {}

    static Verdict judge(VersionFigures stable, VersionFigures canary, Thresholds t, int minSamples) {
        if (stable.samples() < minSamples || canary.samples() < minSamples) {
            return new Verdict(
                    Decision.WAIT,
                    List.of("samples: stable " + stable.samples() + ", canary " + canary.samples() + " of "
                            + minSamples));
        }
        List<String> failed = new ArrayList<>();
        if (both(stable.errorPercent(), canary.errorPercent())
                && canary.errorPercent() - stable.errorPercent() > t.maxErrorPercentIncrease()) {
            failed.add(String.format(
                    "errors %.1f %% vs %.1f %% (at most +%.1f)",
                    canary.errorPercent(), stable.errorPercent(), t.maxErrorPercentIncrease()));
        }
        if (both(stable.p99Millis(), canary.p99Millis())
                && canary.p99Millis() > stable.p99Millis() * t.maxP99Ratio()
                && canary.p99Millis() > stable.p99Millis() + LATENCY_FLOOR_MILLIS) {
            failed.add(String.format(
                    "p99 %.0f ms vs %.0f ms (at most ×%.2f)", canary.p99Millis(), stable.p99Millis(), t.maxP99Ratio()));
        }
        if (both(stable.rejectPercent(), canary.rejectPercent())
                && canary.rejectPercent() - stable.rejectPercent() > t.maxRejectPercentIncrease()) {
            failed.add(String.format(
                    "rejects %.1f %% vs %.1f %% (at most +%.1f)",
                    canary.rejectPercent(), stable.rejectPercent(), t.maxRejectPercentIncrease()));
        }
        if (both(stable.oeePercent(), canary.oeePercent())
                && stable.oeePercent() - canary.oeePercent() > t.maxOeeDrop()) {
            failed.add(String.format(
                    "OEE %.1f %% vs %.1f %% (at most −%.1f)",
                    canary.oeePercent(), stable.oeePercent(), t.maxOeeDrop()));
        }
        if (both(stable.outputPerMinute(), canary.outputPerMinute())
                && stable.outputPerMinute() > 0
                && canary.outputPerMinute() < stable.outputPerMinute() * (1 - t.maxOutputDropPercent() / 100)) {
            failed.add(String.format(
                    "output %.1f/min vs %.1f/min (at most −%.0f %%)",
                    canary.outputPerMinute(), stable.outputPerMinute(), t.maxOutputDropPercent()));
        }
        if (!failed.isEmpty()) {
            return new Verdict(Decision.FAIL, failed);
        }
        return new Verdict(
                Decision.PASS,
                List.of("within thresholds over " + canary.samples() + " canary and " + stable.samples()
                        + " stable samples"));
    }

    private static boolean both(Double a, Double b) {
        return a != null && b != null && Double.isFinite(a) && Double.isFinite(b);
    }
}
