package io.meshportal.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord;
import io.meshportal.base.InvalidRequestException;
import io.meshportal.fleet.FactorySource;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.support.TempDataDir;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Storing a factory's zone and calendar against the real SQLite file: every kind of bad input refused by field with
 * nothing stored, the default from the country until a calendar is set, and a stored row that became unusable
 * ignored (logged) in favour of the default.
 */
@SpringBootTest
class CalendarServiceTest extends TempDataDir {

    static final Viewer ADMIN = new Viewer("calendar-admin", Role.ADMIN, null);
    static final Viewer LYON_MANAGER = new Viewer("calendar-lyon", Role.FACTORY_MANAGER, "lyon-1");

    @Autowired
    CalendarService calendar;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    FactorySource fleet;

    @Autowired
    Clock clock;

    /** Each test starts from the defaults (other tests, on this or another context over the same file, set some). */
    @org.junit.jupiter.api.BeforeEach
    @AfterEach
    void forget() {
        calendar.remove("berlin-1");
        calendar.remove("lyon-1");
    }

    static ShiftCalendar.Shift shift(String name, int hour, int minutes, ShiftCalendar.Break... breaks) {
        return new ShiftCalendar.Shift(name, LocalTime.of(hour, 0), minutes, Arrays.asList(breaks));
    }

    int rows() {
        return jdbc.queryForObject(
                "select count(*) from factory_calendar where factory_id = 'berlin-1'", Integer.class);
    }

    Map<String, String> refused(String zone, ShiftCalendar wanted) {
        int before = rows();
        FactoryTime was = calendar.of("berlin-1");
        try {
            calendar.set(ADMIN, "berlin-1", zone, wanted);
        } catch (InvalidRequestException e) {
            assertThat(rows()).as("nothing stored").isEqualTo(before);
            assertThat(calendar.of("berlin-1")).as("nothing changed").isEqualTo(was);
            return e.problems();
        }
        throw new AssertionError("accepted " + zone + " " + wanted);
    }

    @Test
    void aFactoryHasItsCountrysZoneAndThreeShiftsUntilOneIsSet() {
        CalendarService.Setting setting = calendar.get(ADMIN, "berlin-1");
        assertThat(setting.custom()).isFalse();
        assertThat(setting.time().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(setting.time().calendar()).isEqualTo(ShiftCalendar.threeShifts());
        assertThat(calendar.get(ADMIN, "lyon-1").time().zone()).isEqualTo(ZoneId.of("Europe/Paris"));

        ShiftCalendar two = new ShiftCalendar(List.of(
                shift("Day", 7, 720, new ShiftCalendar.Break(LocalTime.of(12, 0), 45)), shift("Night", 19, 720)));
        calendar.set(ADMIN, "berlin-1", " Europe/Lisbon ", two);
        assertThat(rows()).isEqualTo(1);
        assertThat(calendar.get(ADMIN, "berlin-1"))
                .isEqualTo(new CalendarService.Setting(new FactoryTime(ZoneId.of("Europe/Lisbon"), two), true));
        // read again from the table, as after a restart
        CalendarService restarted = new CalendarService(jdbc, fleet, audit, clock);
        assertThat(restarted.of("berlin-1")).isEqualTo(new FactoryTime(ZoneId.of("Europe/Lisbon"), two));
        assertThat(audit.recent(ADMIN, 20)).anySatisfy(r -> assertThat(r)
                .returns(AuditAction.FACTORY_CALENDAR, AuditRecord::kind)
                .returns("berlin-1", AuditRecord::target)
                .returns(AuditRecord.Outcome.SUCCESS, AuditRecord::outcome));
    }

    @Test
    void aZoneThatDoesNotExistIsRefusedByField() {
        assertThat(refused("Mars/Olympus", ShiftCalendar.threeShifts()))
                .containsExactly(
                        Map.entry("zone", "An IANA time zone such as Europe/Berlin; \"Mars/Olympus\" is not one"));
        assertThat(refused("", ShiftCalendar.threeShifts()))
                .containsExactly(Map.entry("zone", "Choose a time zone, such as Europe/Berlin"));
        assertThat(refused(null, ShiftCalendar.threeShifts())).containsOnlyKeys("zone");
        // a fixed offset is no zone a plant's clocks follow: it has no clock changes
        assertThat(refused("+01:00", ShiftCalendar.threeShifts())).containsOnlyKeys("zone");
        assertThat(refused("x".repeat(5000), ShiftCalendar.threeShifts()).get("zone"))
                .hasSizeLessThan(120);
        assertThat(audit.recent(ADMIN, 20)).anySatisfy(r -> assertThat(r)
                .returns(AuditAction.FACTORY_CALENDAR, AuditRecord::kind)
                .returns(AuditRecord.Outcome.FAILURE, AuditRecord::outcome));
    }

    @Test
    void overlapsGapsAndBadBreaksAreRefusedByFieldWithNothingStored() {
        var overlap = new ShiftCalendar(List.of(shift("A", 6, 600), shift("B", 14, 840)));
        assertThat(refused("Europe/Berlin", overlap))
                .containsEntry("shifts[1].start", "Overlaps shift A: it should start at 16:00");
        var gap = new ShiftCalendar(List.of(shift("A", 6, 480), shift("B", 15, 900)));
        assertThat(refused("Europe/Berlin", gap))
                .containsEntry("shifts[1].start", "Leaves a gap after shift A: it should start at 14:00");
        var shortDay = new ShiftCalendar(List.of(shift("A", 6, 480), shift("B", 14, 480)));
        assertThat(refused("Europe/Berlin", shortDay)).containsKey("shifts");
        var breakOutside =
                new ShiftCalendar(List.of(shift("A", 6, 1440, new ShiftCalendar.Break(LocalTime.of(5, 45), 30))));
        assertThat(refused("Europe/Berlin", breakOutside)).containsKey("shifts[0].breaks[0]");
        // both at once: every problem in one answer
        assertThat(refused("Mars/Olympus", overlap)).containsOnlyKeys("zone", "shifts[1].start");
        // what an API body can hold: no shifts, a missing shift, a missing break
        assertThat(refused("Europe/Berlin", null)).containsOnlyKeys("shifts");
        assertThat(refused("Europe/Berlin", new ShiftCalendar(List.of()))).containsOnlyKeys("shifts");
        List<ShiftCalendar.Shift> withHole = new ArrayList<>(List.of(shift("A", 6, 720)));
        withHole.add(null);
        assertThat(refused("Europe/Berlin", new ShiftCalendar(withHole))).containsKey("shifts[1]");
        List<ShiftCalendar.Break> nullBreak = new ArrayList<>();
        nullBreak.add(null);
        var brokenBreak = new ShiftCalendar(List.of(new ShiftCalendar.Shift("A", LocalTime.of(6, 0), 1440, nullBreak)));
        assertThat(refused("Europe/Berlin", brokenBreak)).containsKey("shifts[0].breaks[0]");
        assertThat(rows()).isZero();
    }

    @Test
    void onlyWhoMayOperateTheFactorySetsItAndOnlyForAFactoryThatExists() {
        assertThatThrownBy(() -> calendar.set(LYON_MANAGER, "berlin-1", "Europe/Berlin", ShiftCalendar.threeShifts()))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> calendar.get(LYON_MANAGER, "berlin-1")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> calendar.set(ADMIN, "no-such", "Europe/Berlin", ShiftCalendar.threeShifts()))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(jdbc.queryForObject(
                        "select count(*) from factory_calendar where factory_id = 'no-such'", Integer.class))
                .isZero();
        assertThat(rows()).isZero();
    }

    @Test
    void aStoredCalendarThatBecameUnusableGivesWayToTheDefault() {
        jdbc.update("insert into factory_calendar (factory_id, zone, shifts, changed_by, changed_at) values"
                + " ('berlin-1', 'Mars/Olympus', '[]', 'someone', 0), ('lyon-1', 'Europe/Lisbon', '[]',"
                + " 'someone', 0)");
        CalendarService restarted = new CalendarService(jdbc, fleet, audit, clock);
        // a zone no longer in the tz database, and a calendar without shifts
        assertThat(restarted.of("lyon-1").zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        restarted.remove("lyon-1");
        assertThat(restarted.of("berlin-1"))
                .isEqualTo(new FactoryTime(ZoneId.of("Europe/Berlin"), ShiftCalendar.threeShifts()));
        assertThat(restarted.get(ADMIN, "berlin-1").custom()).isFalse();
        restarted.remove("berlin-1");
    }
}
