package io.meshportal.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A time range a user asks history for. {@link #problems} says what is wrong with it, per field. */
public record HistoryRange(Instant from, Instant to) {

    public static final Duration SHORTEST = Duration.ofMinutes(1);

    public Duration span() {
        return Duration.between(from, to);
    }

    /**
     * @param now       the present: a range may not end in the future (a minute of clock skew allowed)
     * @param retention how far back history goes
     */
    public Map<String, String> problems(Instant now, Duration retention) {
        Map<String, String> p = new LinkedHashMap<>();
        if (from == null) {
            p.put("from", "Give the start");
        }
        if (to == null) {
            p.put("to", "Give the end");
        }
        if (!p.isEmpty()) {
            return p;
        }
        if (!to.isAfter(from)) {
            p.put("to", "The end must be after the start");
        } else if (span().compareTo(SHORTEST) < 0) {
            p.put("to", "At least one minute");
        }
        if (to.isAfter(now.plusSeconds(60))) {
            p.put("to", "The end cannot be in the future");
        }
        if (from.isBefore(now.minus(retention))) {
            p.put("from", "History goes back " + retention.toDays() + " days: start on or after that");
        }
        return p;
    }
}
