package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.meshportal.base.DataProperties;
import io.meshportal.base.InvalidRequestException;
import io.meshportal.calendar.FactoryTime;
import io.meshportal.calendar.ShiftCalendar;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.HistoryService.ShiftRow;
import io.meshportal.telemetry.rollup.MinuteRow;
import io.meshportal.telemetry.rollup.RollupStore;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shift report in each factory's own zone and shift calendar, over minute rows written to a real SQLite file:
 * Berlin's night shift across the spring-forward and the fall-back night, planned breaks left out of OEE's planned
 * time, and the fleet's report by each factory's own production day.
 */
class LocalShiftReportTest {

    static final Viewer OFFICE = new Viewer("report-office", Role.OFFICE_MANAGER, null);
    static final Viewer BERLIN_MANAGER = new Viewer("report-manager", Role.FACTORY_MANAGER, "berlin-1");
    static final FactoryTime BERLIN = new FactoryTime(ZoneId.of("Europe/Berlin"), ShiftCalendar.threeShifts());
    static final FactoryTime TOKYO = new FactoryTime(ZoneId.of("Asia/Tokyo"), ShiftCalendar.threeShifts());

    @TempDir
    Path dir;

    RollupStore store;

    @BeforeEach
    void database() {
        String url = new DataProperties(dir).jdbcUrl();
        Flyway.configure().dataSource(url, null, null).load().migrate();
        DriverManagerDataSource ds = new DriverManagerDataSource(url);
        store = new RollupStore(new JdbcTemplate(ds), new TransactionTemplate(new DataSourceTransactionManager(ds)));
    }

    HistoryService history(Instant now) {
        return new HistoryService(
                store,
                new HistoryProperties(Duration.ofDays(14), Duration.ofDays(400), 100, 250_000),
                Clock.fixed(now, ZoneOffset.UTC),
                id -> id.startsWith("tokyo") ? TOKYO : BERLIN,
                () -> List.of("berlin-1", "tokyo-1"));
    }

    /**
     * One row a minute over [from, to): {@code made} units, a busy minute (planned 60 s, run 50 s) — but in a planned
     * break the line stands (planned 60 s, run 0), as an idle minute the factory still counts as planned.
     */
    void write(String factory, Instant from, Instant to, long made, FactoryTime time) {
        List<MinuteRow> rows = new ArrayList<>();
        for (Instant m = from; m.isBefore(to); m = m.plusSeconds(60)) {
            boolean inBreak = time.shiftAt(m).inBreak(m);
            rows.add(new MinuteRow(
                    factory,
                    m.getEpochSecond() / 60,
                    made,
                    0,
                    0,
                    60,
                    inBreak ? 0 : 50,
                    inBreak ? 0 : 40,
                    inBreak ? 0 : made,
                    inBreak ? 0 : made,
                    inBreak ? 0 : 60,
                    inBreak ? 60 : 0,
                    0,
                    0,
                    60,
                    0,
                    null,
                    null,
                    Map.of()));
        }
        store.write(rows);
        store.rollUpHours(from.getEpochSecond() / 3600 - 1, to.getEpochSecond() / 3600 + 1);
    }

    @Test
    void theNightShiftBeforeSpringForwardLastsSevenHoursAndCountsWhatItsMinutesHold() {
        // 28 March 2026 is CET (+1); at 02:00 on the 29th the clocks go to 03:00 CEST (+2)
        Instant dayStart = Instant.parse("2026-03-28T05:00:00Z"); // 06:00 CET
        Instant dayEnd = Instant.parse("2026-03-29T04:00:00Z"); // 06:00 CEST
        write("berlin-1", dayStart, dayEnd, 1, BERLIN);
        HistoryService history = history(Instant.parse("2026-03-29T12:00:00Z"));

        List<ShiftRow> rows = history.shifts(OFFICE, "berlin-1", LocalDate.of(2026, 3, 28));

        assertThat(rows).extracting(ShiftRow::name).containsExactly("Early", "Late", "Night");
        ShiftRow night = rows.getLast();
        assertThat(night.start()).isEqualTo(Instant.parse("2026-03-28T21:00:00Z"));
        assertThat(night.end()).isEqualTo(dayEnd);
        assertThat(night.length()).isEqualTo(Duration.ofHours(7));
        assertThat(night.planned()).isEqualTo(Duration.ofMinutes(7 * 60 - 30));
        assertThat(night.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        // one unit a minute: what the 420 minutes hold, the break's too
        assertThat(night.totals().made()).isEqualTo(420);
        assertThat(rows).extracting(r -> r.totals().made()).containsExactly(480L, 480L, 420L);
        // OEE's planned time leaves out the break (at 03:00 CEST: 02:00 does not exist that night)
        assertThat(night.totals().oee().plannedSeconds()).isEqualTo((420 - 30) * 60.0);
        assertThat(night.totals().oee().runSeconds()).isEqualTo((420 - 30) * 50.0);
        assertThat(night.totals().oee().availability()).isCloseTo(50 / 60.0, offset(1e-9));
        assertThat(night.totals().idleMinutes()).isEqualTo(30);
        assertThat(rows.getFirst().totals().oee().plannedSeconds()).isEqualTo((480 - 30) * 60.0);
        // the shift before and the week before come from the calendar too
        assertThat(night.previous().made()).isEqualTo(480);
        assertThat(rows.getFirst().previous().made()).isZero(); // the night of 27 March: nothing written
        assertThat(night.weekBefore().made()).isZero();
        // the next day's early shift has the short night before it
        assertThat(history.shifts(OFFICE, "berlin-1", LocalDate.of(2026, 3, 29))
                        .getFirst()
                        .previous()
                        .made())
                .isEqualTo(420);

        StringWriter csv = new StringWriter();
        history.exportShifts(OFFICE, "berlin-1", LocalDate.of(2026, 3, 28), csv);
        String[] lines = csv.toString().split("\r\n");
        assertThat(lines[0])
                .contains("start (Europe/Berlin)", "end (Europe/Berlin)", "length h", "planned h")
                .doesNotContain("UTC");
        assertThat(lines[3])
                .startsWith(
                        "berlin-1,Europe/Berlin,2026-03-28,Night,2026-03-28 22:00+01:00,2026-03-29 06:00+02:00,7,6.5,420,");
    }

    @Test
    void onceOnlyHoursAreReadABreakCountsItsShareOfItsHour() {
        Instant dayStart = Instant.parse("2026-03-28T05:00:00Z");
        Instant dayEnd = Instant.parse("2026-03-29T04:00:00Z");
        write("berlin-1", dayStart, dayEnd, 1, BERLIN);
        // three weeks on, past the 14 days of minutes: the report reads hours
        HistoryService later = history(Instant.parse("2026-04-20T12:00:00Z"));
        ShiftRow night =
                later.shifts(OFFICE, "berlin-1", LocalDate.of(2026, 3, 28)).getLast();
        assertThat(night.totals().made()).isEqualTo(420);
        // the break is half of the hour 01:00-02:00 UTC: half that hour's planned time is left out, not all of it
        assertThat(night.totals().oee().plannedSeconds()).isEqualTo((420 - 30) * 60.0);
        assertThat(night.totals().oee().availability()).isBetween(0.75, 50 / 60.0);
    }

    @Test
    void theNightShiftBeforeFallBackLastsNineHours() {
        // 24 October 2026 is CEST (+2); at 03:00 on the 25th the clocks go back to 02:00 CET (+1)
        Instant dayStart = Instant.parse("2026-10-24T04:00:00Z");
        Instant dayEnd = Instant.parse("2026-10-25T05:00:00Z");
        write("berlin-1", dayStart, dayEnd, 2, BERLIN);
        HistoryService history = history(Instant.parse("2026-10-25T12:00:00Z"));

        List<ShiftRow> rows = history.shifts(OFFICE, "berlin-1", LocalDate.of(2026, 10, 24));

        assertThat(rows)
                .extracting(ShiftRow::length)
                .containsExactly(Duration.ofHours(8), Duration.ofHours(8), Duration.ofHours(9));
        ShiftRow night = rows.getLast();
        assertThat(night.start()).isEqualTo(Instant.parse("2026-10-24T20:00:00Z"));
        assertThat(night.end()).isEqualTo(dayEnd);
        assertThat(night.planned()).isEqualTo(Duration.ofMinutes(9 * 60 - 30));
        assertThat(night.totals().made()).isEqualTo(2 * 540);
        assertThat(night.totals().oee().plannedSeconds()).isEqualTo((540 - 30) * 60.0);
        assertThat(night.totals().oee().totalCount()).isEqualTo(2 * (540 - 30));
        assertThat(night.totals().oee().availability()).isLessThanOrEqualTo(1);
        // the 25th's early shift: its night before lasted nine hours
        List<ShiftRow> next = history.shifts(OFFICE, "berlin-1", LocalDate.of(2026, 10, 25));
        assertThat(next.getFirst().start()).isEqualTo(dayEnd);
        assertThat(next.getFirst().previous().made()).isEqualTo(2 * 540);

        StringWriter csv = new StringWriter();
        history.exportShifts(OFFICE, "berlin-1", LocalDate.of(2026, 10, 24), csv);
        assertThat(csv.toString()).contains("Night,2026-10-24 22:00+02:00,2026-10-25 06:00+01:00,9,8.5,1080,");
    }

    @Test
    void theFleetReportGivesEachFactoryItsOwnProductionDayAndTheirSum() {
        // production day 10 June: Berlin (+2) from 04:00 UTC on the 10th, Tokyo (+9) from 21:00 UTC on the 9th
        Instant tokyoStart = Instant.parse("2026-06-09T21:00:00Z");
        Instant berlinStart = Instant.parse("2026-06-10T04:00:00Z");
        // Tokyo's first three hours of its day, on the 9th in UTC
        write("tokyo-1", tokyoStart, tokyoStart.plus(Duration.ofHours(3)), 2, TOKYO);
        // and an hour before its day: its 9 June
        write("tokyo-1", tokyoStart.minus(Duration.ofHours(1)), tokyoStart, 100, TOKYO);
        // Berlin's last two hours of its day, on the 11th in UTC, and an hour before its day
        write("berlin-1", berlinStart.plus(Duration.ofHours(22)), berlinStart.plus(Duration.ofHours(24)), 1, BERLIN);
        write("berlin-1", berlinStart.minus(Duration.ofHours(1)), berlinStart, 100, BERLIN);
        HistoryService history = history(Instant.parse("2026-06-11T12:00:00Z"));

        List<ShiftRow> rows = history.shifts(OFFICE, null, LocalDate.of(2026, 6, 10));

        assertThat(rows).extracting(ShiftRow::factoryId).containsExactly(null, "berlin-1", "tokyo-1");
        ShiftRow all = rows.get(0);
        ShiftRow berlin = rows.get(1);
        ShiftRow tokyo = rows.get(2);
        assertThat(berlin.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(berlin.start()).isEqualTo(berlinStart);
        assertThat(berlin.end()).isEqualTo(berlinStart.plus(Duration.ofDays(1)));
        assertThat(tokyo.start()).isEqualTo(tokyoStart);
        assertThat(berlin.name()).isNull();
        assertThat(berlin.totals().made()).isEqualTo(120);
        assertThat(tokyo.totals().made()).isEqualTo(2 * 180);
        // the hour before each one's day belongs to its day before
        assertThat(berlin.previous().made()).isEqualTo(6000);
        assertThat(tokyo.previous().made()).isEqualTo(6000);
        assertThat(all.totals().made()).isEqualTo(120 + 360);
        assertThat(all.previous().made()).isEqualTo(12000);
        assertThat(all.planned()).isEqualTo(Duration.ofMinutes(2 * (24 * 60 - 90)));
        assertThat(all.totals().oee().plannedSeconds())
                .isEqualTo(berlin.totals().oee().plannedSeconds()
                        + tokyo.totals().oee().plannedSeconds());
        assertThat(all.start()).isNull();

        // a factory manager's fleet is their own factory
        assertThat(history.shifts(BERLIN_MANAGER, null, LocalDate.of(2026, 6, 10)))
                .extracting(ShiftRow::factoryId)
                .containsExactly(null, "berlin-1");

        StringWriter csv = new StringWriter();
        history.exportShifts(OFFICE, null, LocalDate.of(2026, 6, 10), csv);
        assertThat(csv.toString())
                .contains("start (each factory's zone)")
                .contains("tokyo-1,Asia/Tokyo,2026-06-10,,2026-06-10 06:00+09:00,2026-06-11 06:00+09:00,24,22.5,360,")
                .contains("all,,2026-06-10,,,,,45,480,");
    }

    @Test
    void aReportOpensOnTheFactorysOwnProductionDay() {
        // 22:00 UTC on 11 June: 00:00 on the 12th in Berlin (still the 11th's night shift), 07:00 on the 12th in Tokyo
        HistoryService history = history(Instant.parse("2026-06-11T22:00:00Z"));
        assertThat(history.today(OFFICE, "berlin-1")).isEqualTo(LocalDate.of(2026, 6, 11));
        assertThat(history.today(OFFICE, "tokyo-1")).isEqualTo(LocalDate.of(2026, 6, 12));
        // the fleet: the latest day every factory has begun
        assertThat(history.today(OFFICE, null)).isEqualTo(LocalDate.of(2026, 6, 11));
        // Tokyo's 12th is shown, Berlin's has not begun
        assertThat(history.shifts(OFFICE, null, LocalDate.of(2026, 6, 12)))
                .extracting(ShiftRow::factoryId)
                .containsExactly(null, "tokyo-1");
    }

    @Test
    void aDayNotBegunOrBeyondRetentionIsRefusedByField() {
        HistoryService history = history(Instant.parse("2026-06-11T03:00:00Z")); // 05:00 in Berlin: still the 10th
        assertThatThrownBy(() -> history.shifts(OFFICE, "berlin-1", LocalDate.of(2026, 6, 11)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                        .containsEntry("day", "A day from the last 400 days, not in the future"));
        assertThatThrownBy(() -> history.shifts(OFFICE, null, LocalDate.of(2026, 6, 13)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> history.shifts(OFFICE, "berlin-1", LocalDate.of(2025, 5, 1)))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(history.shifts(OFFICE, "berlin-1", LocalDate.of(2026, 6, 10)))
                .hasSize(3);
    }
}
