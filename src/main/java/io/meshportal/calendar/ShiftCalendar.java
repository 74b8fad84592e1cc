package io.meshportal.calendar;

import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plant's working day as shifts in wall-clock time: the first shift starts the production day, each next one
 * starts where the one before ends, and together they cover 24 hours (no gap, no overlap), as a plant's MES
 * defines them. Planned breaks are wall-clock times inside their shift; their minutes are not planned production
 * time (ISO 22400 planned busy time excludes planned breaks).
 *
 * @param shifts in the order of the day, the first one starting it
 */
public record ShiftCalendar(List<Shift> shifts) {

    public static final int MAX_SHIFTS = 6;
    public static final int MAX_BREAKS = 6;

    public ShiftCalendar {
        // a copy that keeps a null entry (from an API body), for problems() to name it
        shifts = shifts == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(shifts));
    }

    /** Three shifts of eight hours from 06:00, each with a 30-minute break in its middle. */
    public static ShiftCalendar threeShifts() {
        return new ShiftCalendar(List.of(
                new Shift("Early", LocalTime.of(6, 0), 480, List.of(new Break(LocalTime.of(10, 0), 30))),
                new Shift("Late", LocalTime.of(14, 0), 480, List.of(new Break(LocalTime.of(18, 0), 30))),
                new Shift("Night", LocalTime.of(22, 0), 480, List.of(new Break(LocalTime.of(2, 0), 30)))));
    }

    /** The wall-clock time the production day starts at. */
    public LocalTime dayStart() {
        return shifts.getFirst().start();
    }

    /** Field → message for everything wrong with this calendar; empty when it is usable. */
    public Map<String, String> problems() {
        Map<String, String> p = new LinkedHashMap<>();
        if (shifts == null || shifts.isEmpty() || shifts.size() > MAX_SHIFTS) {
            p.put("shifts", "Between 1 and " + MAX_SHIFTS + " shifts");
            return p;
        }
        long total = 0;
        for (int i = 0; i < shifts.size(); i++) {
            Shift s = shifts.get(i);
            String field = "shifts[" + i + "]";
            if (s == null || s.start() == null) {
                p.put(field, "Give the shift's name, start and length");
                return p;
            }
            if (s.name() == null || s.name().isBlank() || s.name().length() > 20) {
                p.put(field + ".name", "A name of 1 to 20 characters, like Early");
            } else if (s.name().chars().anyMatch(Character::isISOControl)) {
                p.put(field + ".name", "Control characters are not allowed");
            }
            if (s.start().getSecond() != 0 || s.start().getNano() != 0) {
                p.put(field + ".start", "A start in whole minutes, like 06:00");
            }
            if (s.minutes() < 60 || s.minutes() > 24 * 60) {
                p.put(field + ".minutes", "A length from 1 to 24 hours");
            }
            if (i > 0) {
                Shift before = shifts.get(i - 1);
                LocalTime expected = before.start().plusMinutes(before.minutes());
                if (!s.start().equals(expected)) {
                    p.put(
                            field + ".start",
                            (minutesBetween(before.start(), s.start()) < before.minutes()
                                            ? "Overlaps"
                                            : "Leaves a gap after")
                                    + " shift " + before.name() + ": it should start at " + expected);
                }
            }
            total += s.minutes();
            breakProblems(s, field, p);
        }
        if (p.isEmpty() && total != 24 * 60) {
            p.put(
                    "shifts",
                    "The shifts cover " + Duration.ofMinutes(total).toHours() + " h " + total % 60
                            + " min; together they must cover the whole day (24 h), the last ending where the first starts");
        }
        return p;
    }

    private static void breakProblems(Shift s, String field, Map<String, String> p) {
        List<Break> breaks = s.breaks() == null ? List.of() : s.breaks();
        if (breaks.size() > MAX_BREAKS) {
            p.put(field + ".breaks", "At most " + MAX_BREAKS + " breaks a shift");
            return;
        }
        long lastEnd = -1;
        for (int j = 0; j < breaks.size(); j++) {
            Break b = breaks.get(j);
            String bf = field + ".breaks[" + j + "]";
            if (b == null || b.start() == null || b.minutes() < 1 || b.minutes() > 120) {
                p.put(bf, "A break needs a start and a length of 1 to 120 minutes");
                continue;
            }
            long offset = minutesBetween(s.start(), b.start());
            if (offset + b.minutes() > s.minutes()) {
                p.put(bf, "The break must lie inside its shift (" + s.start() + " for " + s.minutes() + " min)");
            } else if (offset < lastEnd) {
                p.put(bf, "Breaks must not overlap and are listed in order");
            }
            lastEnd = offset + b.minutes();
        }
    }

    /** Minutes from {@code from} forward to {@code to} on a 24-hour clock (0 to 1439). */
    static long minutesBetween(LocalTime from, LocalTime to) {
        return Math.floorMod(to.toSecondOfDay() / 60 - from.toSecondOfDay() / 60, 24 * 60);
    }

    /**
     * One shift of the day.
     *
     * @param minutes its nominal length; on a day the clocks change it lasts an hour less or more
     */
    public record Shift(String name, LocalTime start, int minutes, List<Break> breaks) {
        public Shift {
            breaks = breaks == null
                    ? List.of()
                    : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(breaks));
        }
    }

    /** A planned break: wall-clock start and length in minutes. */
    public record Break(LocalTime start, int minutes) {}
}
