package io.meshportal.alerts;

import java.time.Duration;
import java.time.Instant;

/**
 * One rule on one subject: fires when the condition has held for {@code hold}, resolves when the value has
 * been back past the threshold by a margin (5 %) for {@code hold} too, so a value wobbling around the threshold
 * does not flap. Unknown values (NaN) change nothing.
 */
final class Hysteresis {

    static final double MARGIN = 0.05;

    enum Transition {
        NONE,
        FIRED,
        RESOLVED
    }

    private final boolean above;
    private final double threshold;
    private final Duration hold;
    private boolean firing;
    private Instant since;

    Hysteresis(boolean above, double threshold, Duration hold) {
        this(above, threshold, hold, false);
    }

    /** @param firing true to resume a rule that was firing before a restart */
    Hysteresis(boolean above, double threshold, Duration hold, boolean firing) {
        this.above = above;
        this.threshold = threshold;
        this.hold = hold;
        this.firing = firing;
    }

    boolean firing() {
        return firing;
    }

    Transition observe(double value, Instant now) {
        if (Double.isNaN(value)) {
            return Transition.NONE;
        }
        boolean breach = above ? value > threshold : value < threshold;
        double band = Math.abs(threshold) * MARGIN;
        boolean clear = above ? value <= threshold - band : value >= threshold + band;
        boolean moving = firing ? clear : breach;
        if (!moving) {
            since = null;
            return Transition.NONE;
        }
        if (since == null) {
            since = now;
        }
        if (Duration.between(since, now).compareTo(hold) >= 0) {
            firing = !firing;
            since = null;
            return firing ? Transition.FIRED : Transition.RESOLVED;
        }
        return Transition.NONE;
    }
}
