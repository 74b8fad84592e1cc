package io.meshportal.telemetry;

import io.meshportal.base.InvalidRequestException;
import io.meshportal.calendar.FactoryTime;
import io.meshportal.calendar.FactoryTimes;
import io.meshportal.calendar.ShiftTime;
import io.meshportal.telemetry.HistoryService.ShiftRow;
import io.meshportal.telemetry.HistoryService.Totals;
import io.meshportal.telemetry.rollup.RollupStore.Sums;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The shift report, in each factory's own time: a factory's production day cut into the shifts of its calendar
 * ({@link FactoryTime#shifts}: 7 h or 9 h across a clock change), each shift's sums beside the shift before it and
 * the same shift a week earlier. OEE leaves out the minutes of planned breaks (the shift's sums minus its breaks'
 * sums: no planned time, and nothing of what was run or counted in them), so availability stays at most 1; made,
 * rejected and the minutes per state count the whole shift.
 *
 * <p>The fleet's report is one row per factory for its own production day {@code D} (from its first shift on
 * {@code D} in its zone to that shift's start on {@code D + 1}), beside its day before and its day a week earlier,
 * and on top the sum of those days: what the plants made on "their" 25 October, as each plant's own MES would say.
 * Factories with the same zone and calendar are read together.
 */
final class ShiftReport {

    private final RangeSums sums;
    private final HistoryProperties properties;
    private final Clock clock;
    private final FactoryTimes times;
    /** Every factory's id, for the fleet's report of a caller who sees them all. */
    private final Supplier<Collection<String>> fleet;

    ShiftReport(
            RangeSums sums,
            HistoryProperties properties,
            Clock clock,
            FactoryTimes times,
            Supplier<Collection<String>> fleet) {
        this.sums = sums;
        this.properties = properties;
        this.clock = clock;
        this.times = times;
        this.fleet = fleet;
    }

    /**
     * @param ids       the factories to report, already cut to what the viewer may see (null: every factory)
     * @param factoryId the one factory asked for, or null for the viewer's fleet
     */
    List<ShiftRow> shifts(Collection<String> ids, String factoryId, LocalDate day) {
        return factoryId != null ? factory(factoryId, day) : fleet(ids == null ? fleet.get() : ids, day);
    }

    /**
     * The production day a report opens on: the factory's current one; for several factories the earliest of
     * theirs (the latest day every one of them has begun).
     */
    LocalDate today(Collection<String> ids, String factoryId) {
        Instant now = clock.instant();
        if (factoryId != null) {
            return times.of(factoryId).day(now);
        }
        return (ids == null ? fleet.get() : ids)
                .stream()
                        .map(id -> times.of(id).day(now))
                        .min(Comparator.naturalOrder())
                        .orElse(LocalDate.ofInstant(now, ZoneOffset.UTC));
    }

    private List<ShiftRow> factory(String id, LocalDate day) {
        FactoryTime time = times.of(id);
        Instant now = clock.instant();
        check(time.dayStart(day), now);
        List<ShiftTime> shifts = time.shifts(day);
        List<ShiftTime> dayBefore = time.shifts(day.minusDays(1));
        List<ShiftTime> weekBefore = time.shifts(day.minusDays(7));
        List<String> ids = List.of(id);
        List<ShiftRow> rows = new ArrayList<>();
        Totals previous = null;
        for (int i = 0; i < shifts.size(); i++) {
            ShiftTime s = shifts.get(i);
            if (s.start().isAfter(now)) {
                break; // not begun
            }
            Totals totals = shift(ids, s);
            rows.add(new ShiftRow(
                    id,
                    s.name(),
                    time.zone(),
                    day,
                    s.start(),
                    s.end(),
                    s.length(),
                    s.planned(),
                    totals,
                    previous != null ? previous : shift(ids, dayBefore.getLast()),
                    shift(ids, weekBefore.get(i))));
            previous = totals;
        }
        return rows;
    }

    /** A shift's totals: OEE without its planned breaks. */
    private Totals shift(Collection<String> ids, ShiftTime s) {
        Sums whole = sums.raw(ids, new HistoryRange(s.start(), s.end()));
        Sums breaks = Sums.ZERO;
        for (ShiftTime.Span b : s.breaks()) {
            breaks = breaks.plus(sums.raw(ids, new HistoryRange(b.from(), b.to())));
        }
        return RangeSums.totals(whole, whole.minus(breaks));
    }

    private List<ShiftRow> fleet(Collection<String> ids, LocalDate day) {
        Instant now = clock.instant();
        Map<FactoryTime, List<String>> byTime = new LinkedHashMap<>();
        for (String id : new TreeSet<>(ids)) {
            byTime.computeIfAbsent(times.of(id), t -> new ArrayList<>()).add(id);
        }
        check(
                byTime.keySet().stream()
                        .map(t -> t.dayStart(day))
                        .min(Comparator.naturalOrder())
                        .orElse(day.atStartOfDay(ZoneOffset.UTC).toInstant()),
                now);
        List<ShiftRow> rows = new ArrayList<>();
        Sums[] all = {Sums.ZERO, Sums.ZERO, Sums.ZERO, Sums.ZERO, Sums.ZERO, Sums.ZERO};
        Duration planned = Duration.ZERO;
        for (Map.Entry<FactoryTime, List<String>> group : byTime.entrySet()) {
            FactoryTime time = group.getKey();
            List<ShiftTime> shifts = time.shifts(day);
            if (shifts.getFirst().start().isAfter(now)) {
                continue; // its day has not begun
            }
            Map<String, Sums[]> today = day(group.getValue(), time.shifts(day));
            Map<String, Sums[]> before = day(group.getValue(), time.shifts(day.minusDays(1)));
            Map<String, Sums[]> week = day(group.getValue(), time.shifts(day.minusDays(7)));
            Duration dayPlanned = shifts.stream().map(ShiftTime::planned).reduce(Duration.ZERO, Duration::plus);
            Instant start = shifts.getFirst().start();
            Instant end = shifts.getLast().end();
            for (String id : group.getValue()) {
                Sums[] t = today.getOrDefault(id, NOTHING);
                Sums[] b = before.getOrDefault(id, NOTHING);
                Sums[] w = week.getOrDefault(id, NOTHING);
                rows.add(new ShiftRow(
                        id,
                        null,
                        time.zone(),
                        day,
                        start,
                        end,
                        Duration.between(start, end),
                        dayPlanned,
                        RangeSums.totals(t[0], t[1]),
                        RangeSums.totals(b[0], b[1]),
                        RangeSums.totals(w[0], w[1])));
                Sums[] each = {t[0], t[1], b[0], b[1], w[0], w[1]};
                for (int i = 0; i < all.length; i++) {
                    all[i] = all[i].plus(each[i]);
                }
                planned = planned.plus(dayPlanned);
            }
        }
        if (rows.isEmpty()) {
            return rows;
        }
        rows.sort(Comparator.comparing(ShiftRow::factoryId));
        rows.addFirst(new ShiftRow(
                null,
                null,
                null,
                day,
                null,
                null,
                null,
                planned,
                RangeSums.totals(all[0], all[1]),
                RangeSums.totals(all[2], all[3]),
                RangeSums.totals(all[4], all[5])));
        return rows;
    }

    private static final Sums[] NOTHING = {Sums.ZERO, Sums.ZERO};

    /** Each factory's sums over a production day: {the whole day, the day without its planned breaks}. */
    private Map<String, Sums[]> day(List<String> ids, List<ShiftTime> shifts) {
        Map<String, Sums> whole = sums.perFactory(
                ids,
                new HistoryRange(shifts.getFirst().start(), shifts.getLast().end()));
        Map<String, Sums> breaks = new HashMap<>();
        for (ShiftTime s : shifts) {
            for (ShiftTime.Span b : s.breaks()) {
                sums.perFactory(ids, new HistoryRange(b.from(), b.to()))
                        .forEach((id, x) -> breaks.merge(id, x, Sums::plus));
            }
        }
        Map<String, Sums[]> out = new HashMap<>();
        whole.forEach((id, w) -> out.put(id, new Sums[] {w, w.minus(breaks.getOrDefault(id, Sums.ZERO))}));
        return out;
    }

    private void check(Instant dayStart, Instant now) {
        Duration retention = properties.hourRetention();
        if (dayStart.isAfter(now) || dayStart.isBefore(now.minus(retention))) {
            throw new InvalidRequestException(
                    Map.of("day", "A day from the last " + retention.toDays() + " days, not in the future"));
        }
    }
}
