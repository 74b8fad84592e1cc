package io.meshportal.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A factory's local time: its zone and shift calendar, and the instants they give. Wall-clock times become
 * instants through {@link ZonedDateTime#of}: a time skipped by a spring-forward transition moves later by the gap,
 * an ambiguous one in a fall-back takes the earlier offset (java.time's rules). A shift ends where the next one
 * starts, so the shift across a transition lasts an hour less or more (7 h or 9 h for eight-hour shifts) and is
 * reported as such.
 *
 * <p>The production day {@code D} runs from the first shift's start on {@code D} to its start on {@code D + 1}:
 * with shifts from 06:00, the night shift that starts at 22:00 on 8 March belongs to 8 March.
 */
public record FactoryTime(ZoneId zone, ShiftCalendar calendar) {

    public static final FactoryTime UTC_THREE_SHIFTS = new FactoryTime(ZoneId.of("UTC"), ShiftCalendar.threeShifts());

    /** The production day that {@code at} falls in. */
    public LocalDate day(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalDate date = local.toLocalDate();
        return at.isBefore(dayStart(date)) ? date.minusDays(1) : date;
    }

    /** When production day {@code day} starts. */
    public Instant dayStart(LocalDate day) {
        return ZonedDateTime.of(day.atTime(calendar.dayStart()), zone).toInstant();
    }

    /** The shifts of production day {@code day}, in order. */
    public List<ShiftTime> shifts(LocalDate day) {
        List<ShiftCalendar.Shift> shifts = calendar.shifts();
        List<LocalDateTime> starts = new ArrayList<>(shifts.size() + 1);
        LocalDateTime start = day.atTime(calendar.dayStart());
        for (ShiftCalendar.Shift s : shifts) {
            starts.add(start);
            start = start.plusMinutes(s.minutes());
        }
        starts.add(start); // the next day's first shift
        List<ShiftTime> result = new ArrayList<>(shifts.size());
        for (int i = 0; i < shifts.size(); i++) {
            ShiftCalendar.Shift s = shifts.get(i);
            LocalDateTime from = starts.get(i);
            List<ShiftTime.Span> breaks = new ArrayList<>();
            for (ShiftCalendar.Break b : s.breaks()) {
                LocalDateTime at = from.plusMinutes(ShiftCalendar.minutesBetween(s.start(), b.start()));
                breaks.add(new ShiftTime.Span(instant(at), instant(at.plusMinutes(b.minutes()))));
            }
            result.add(new ShiftTime(s.name(), day, instant(from), instant(starts.get(i + 1)), List.copyOf(breaks)));
        }
        return result;
    }

    /** The shift {@code at} falls in. */
    public ShiftTime shiftAt(Instant at) {
        LocalDate day = day(at);
        List<ShiftTime> shifts = shifts(day);
        for (ShiftTime s : shifts) {
            if (!at.isBefore(s.start()) && at.isBefore(s.end())) {
                return s;
            }
        }
        return shifts.getLast(); // not reached: the day's shifts cover it
    }

    private Instant instant(LocalDateTime local) {
        return ZonedDateTime.of(local, zone).toInstant();
    }
}
