package io.meshportal.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One shift as it happens: its instants in a given zone and its planned breaks.
 *
 * @param day the production day it belongs to
 */
public record ShiftTime(String name, LocalDate day, Instant start, Instant end, List<Span> breaks) {

    /** How long the shift lasts: 8 h, or 7 h / 9 h across a clock change. */
    public Duration length() {
        return Duration.between(start, end);
    }

    /** Planned production time: the shift without its planned breaks. */
    public Duration planned() {
        Duration d = length();
        for (Span b : breaks) {
            d = d.minus(b.length());
        }
        return d;
    }

    /** Whether {@code at} is inside a planned break. */
    public boolean inBreak(Instant at) {
        return breaks.stream().anyMatch(b -> !at.isBefore(b.from()) && at.isBefore(b.to()));
    }

    /** A half-open span of time. */
    public record Span(Instant from, Instant to) {
        public Duration length() {
            return Duration.between(from, to);
        }
    }
}
