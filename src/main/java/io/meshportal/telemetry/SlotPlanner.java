package io.meshportal.telemetry;

import java.time.Clock;
import java.util.Collection;

/**
 * Which rollup table a history read uses and which of its slots it covers. Minutes are exact but kept only for the
 * minute retention and cost a row per factory and minute; hours are kept far longer. A chart reads minutes while
 * the range lies within the minutes kept and is small enough to scan quickly; sums read hours where the range is
 * hour-aligned (the same figures from sixty times fewer rows) or reaches past the minutes kept.
 */
final class SlotPlanner {

    /** Above this many factory-minutes a chart reads hours instead (SQLite scans them in well under a second). */
    static final long MAX_MINUTE_ROWS = 1_500_000;

    private static final long MINUTE_MILLIS = 60_000L;
    private static final long HOUR_MILLIS = 3_600_000L;

    private final HistoryProperties properties;
    private final Clock clock;

    SlotPlanner(HistoryProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** The slots [from, to) of one table: every slot the range touches. */
    record Slots(boolean hours, long from, long to) {

        static Slots covering(boolean hours, HistoryRange range) {
            long slotMillis = slotMillis(hours);
            return new Slots(
                    hours,
                    Math.floorDiv(range.from().toEpochMilli(), slotMillis),
                    Math.floorDiv(range.to().toEpochMilli() + slotMillis - 1, slotMillis));
        }

        long slotMillis() {
            return slotMillis(hours);
        }

        private static long slotMillis(boolean hours) {
            return hours ? HOUR_MILLIS : MINUTE_MILLIS;
        }
    }

    /** For a chart or its CSV: {@code ids} null is the whole fleet, which reads its own sums. */
    Slots forChart(HistoryRange range, Collection<String> ids) {
        return Slots.covering(useHours(range, ids), range);
    }

    /** For sums over a range. */
    Slots forSums(HistoryRange range) {
        return Slots.covering(hourAligned(range) || !withinMinutes(range), range);
    }

    private boolean useHours(HistoryRange range, Collection<String> ids) {
        long factories = ids == null ? 1 : Math.max(1, ids.size()); // the whole fleet reads its own sums
        return !withinMinutes(range) || range.span().toMinutes() * factories > MAX_MINUTE_ROWS;
    }

    private boolean withinMinutes(HistoryRange range) {
        return !range.from().isBefore(clock.instant().minus(properties.minuteRetention()));
    }

    private static boolean hourAligned(HistoryRange range) {
        return range.from().toEpochMilli() % HOUR_MILLIS == 0 && range.to().toEpochMilli() % HOUR_MILLIS == 0;
    }
}
