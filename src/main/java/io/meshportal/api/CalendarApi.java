package io.meshportal.api;

import io.meshportal.base.InvalidRequestException;
import io.meshportal.calendar.CalendarService;
import io.meshportal.calendar.FactoryTime;
import io.meshportal.calendar.ShiftCalendar;
import io.meshportal.calendar.ShiftTime;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A factory's time zone and shift calendar, as on its page: read it (within scope), replace it (whoever may operate
 * the factory). Times of day are wall-clock {@code HH:mm} in the factory's zone; the answer adds today's shifts as
 * instants with their offsets, so a shift across a clock change shows its 7 or 9 hours.
 */
@RestController
@Tag(name = "factories")
class CalendarApi {

    /** A planned break: its wall-clock start ({@code HH:mm}) and minutes. */
    record BreakBody(String start, Integer minutes) {}

    /** A shift: its name, wall-clock start ({@code HH:mm}), nominal length in minutes, and planned breaks. */
    record ShiftBody(String name, String start, Integer minutes, List<BreakBody> breaks) {}

    /** A zone (IANA, e.g. Europe/Berlin) and the shifts of a day, the first starting the production day. */
    record CalendarBody(String zone, List<ShiftBody> shifts) {}

    /**
     * One shift of today's production day as it happens.
     *
     * @param start          ISO-8601 with the zone's offset then
     * @param plannedMinutes its length without its planned breaks
     */
    record ShiftToday(String name, String start, String end, long lengthMinutes, long plannedMinutes) {}

    /**
     * @param custom false while the default applies (the country's zone, three shifts of 8 h from 06:00)
     * @param day    today's production day in the factory's zone
     */
    record CalendarAnswer(
            String factoryId,
            String zone,
            boolean custom,
            List<ShiftBody> shifts,
            LocalDate day,
            List<ShiftToday> today) {}

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final CalendarService calendar;
    private final CurrentUser currentUser;

    CalendarApi(CalendarService calendar, CurrentUser currentUser) {
        this.calendar = calendar;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/v1/factories/{id}/calendar")
    @Operation(summary = "The factory's time zone and shift calendar, with today's shifts as instants")
    CalendarAnswer get(@PathVariable String id) {
        return answer(id, calendar.get(currentUser.require(), id));
    }

    @PutMapping("/api/v1/factories/{id}/calendar")
    @Operation(
            summary = "Replace the factory's time zone and shift calendar (applies at once, no redeploy); every"
                    + " problem is answered by field and nothing is stored")
    CalendarAnswer put(@PathVariable String id, @RequestBody CalendarBody body) {
        Viewer viewer = currentUser.require();
        Map<String, String> unreadable = new LinkedHashMap<>();
        ShiftCalendar wanted = body == null ? null : calendar(body.shifts(), unreadable);
        try {
            calendar.set(viewer, id, body == null ? null : body.zone(), wanted);
        } catch (InvalidRequestException e) {
            // a time that is no time of day says so, instead of the shift's "give its start"
            Map<String, String> problems = new LinkedHashMap<>(e.problems());
            unreadable.forEach((field, message) -> {
                problems.keySet().removeIf(f -> field.startsWith(f + ".") || field.equals(f));
                problems.put(field, message);
            });
            throw new InvalidRequestException(problems);
        }
        return answer(id, calendar.get(viewer, id));
    }

    private static CalendarAnswer answer(String id, CalendarService.Setting setting) {
        FactoryTime time = setting.time();
        LocalDate day = time.day(Instant.now());
        List<ShiftToday> today = new ArrayList<>();
        for (ShiftTime s : time.shifts(day)) {
            today.add(new ShiftToday(
                    s.name(),
                    s.start().atZone(time.zone()).toOffsetDateTime().toString(),
                    s.end().atZone(time.zone()).toOffsetDateTime().toString(),
                    s.length().toMinutes(),
                    s.planned().toMinutes()));
        }
        return new CalendarAnswer(
                id,
                time.zone().getId(),
                setting.custom(),
                time.calendar().shifts().stream()
                        .map(s -> new ShiftBody(
                                s.name(),
                                HH_MM.format(s.start()),
                                s.minutes(),
                                s.breaks().stream()
                                        .map(b -> new BreakBody(HH_MM.format(b.start()), b.minutes()))
                                        .toList()))
                        .toList(),
                day,
                today);
    }

    /** The body's shifts; a time that cannot be read is left empty and named in {@code unreadable}. */
    private static ShiftCalendar calendar(List<ShiftBody> shifts, Map<String, String> unreadable) {
        if (shifts == null) {
            return null;
        }
        List<ShiftCalendar.Shift> out = new ArrayList<>();
        for (int i = 0; i < shifts.size(); i++) {
            ShiftBody s = shifts.get(i);
            if (s == null) {
                out.add(null);
                continue;
            }
            String field = "shifts[" + i + "]";
            List<ShiftCalendar.Break> breaks = new ArrayList<>();
            List<BreakBody> given = s.breaks() == null ? List.of() : s.breaks();
            for (int j = 0; j < given.size(); j++) {
                BreakBody b = given.get(j);
                breaks.add(
                        b == null
                                ? null
                                : new ShiftCalendar.Break(
                                        time(b.start(), field + ".breaks[" + j + "].start", unreadable),
                                        b.minutes() == null ? 0 : b.minutes()));
            }
            out.add(new ShiftCalendar.Shift(
                    s.name(),
                    time(s.start(), field + ".start", unreadable),
                    s.minutes() == null ? 0 : s.minutes(),
                    breaks));
        }
        return new ShiftCalendar(out);
    }

    private static LocalTime time(String text, String field, Map<String, String> unreadable) {
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text.trim());
        } catch (DateTimeParseException e) {
            unreadable.put(field, "A time of day as HH:mm, like 06:00");
            return null;
        }
    }
}
