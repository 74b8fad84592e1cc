package io.meshportal.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactoryTimeTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    final FactoryTime berlin = new FactoryTime(BERLIN, ShiftCalendar.threeShifts());

    @Test
    void anOrdinaryDayHasThreeEightHourShiftsInLocalTime() {
        List<ShiftTime> shifts = berlin.shifts(LocalDate.of(2026, 6, 10));
        assertThat(shifts).extracting(ShiftTime::length).containsOnly(Duration.ofHours(8));
        // 06:00 in Berlin in summer is 04:00 UTC
        assertThat(shifts.getFirst().start()).isEqualTo(Instant.parse("2026-06-10T04:00:00Z"));
        assertThat(shifts.getFirst().planned()).isEqualTo(Duration.ofMinutes(450));
        assertThat(shifts.getLast().end()).isEqualTo(Instant.parse("2026-06-11T04:00:00Z"));
    }

    @Test
    void theNightShiftAcrossSpringForwardLastsSevenHours() {
        // clocks go from 02:00 to 03:00 on 29 March 2026: the night shift of 28 March is an hour short
        List<ShiftTime> shifts = berlin.shifts(LocalDate.of(2026, 3, 28));
        assertThat(shifts)
                .extracting(ShiftTime::length)
                .containsExactly(Duration.ofHours(8), Duration.ofHours(8), Duration.ofHours(7));
        assertThat(shifts.getLast().start()).isEqualTo(Instant.parse("2026-03-28T21:00:00Z"));
        assertThat(shifts.getLast().end()).isEqualTo(Instant.parse("2026-03-29T04:00:00Z"));
        // its break at 02:00 wall-clock does not exist that night: it starts at 03:00 (java.time moves it by the gap)
        assertThat(shifts.getLast().breaks().getFirst().from()).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
        assertThat(shifts.getLast().planned()).isEqualTo(Duration.ofMinutes(7 * 60 - 30));
    }

    @Test
    void theNightShiftAcrossFallBackLastsNineHours() {
        List<ShiftTime> shifts = berlin.shifts(LocalDate.of(2026, 10, 24));
        assertThat(shifts)
                .extracting(ShiftTime::length)
                .containsExactly(Duration.ofHours(8), Duration.ofHours(8), Duration.ofHours(9));
        assertThat(Duration.between(
                        berlin.dayStart(LocalDate.of(2026, 10, 24)), berlin.dayStart(LocalDate.of(2026, 10, 25))))
                .isEqualTo(Duration.ofHours(25));
    }

    @Test
    void theProductionDayStartsWithTheFirstShift() {
        // 05:59 local on 10 June belongs to the night shift of 9 June
        Instant beforeSix = Instant.parse("2026-06-10T03:59:00Z");
        assertThat(berlin.day(beforeSix)).isEqualTo(LocalDate.of(2026, 6, 9));
        assertThat(berlin.shiftAt(beforeSix).name()).isEqualTo("Night");
        assertThat(berlin.shiftAt(Instant.parse("2026-06-10T04:00:00Z")).name()).isEqualTo("Early");
        assertThat(berlin.shiftAt(Instant.parse("2026-06-10T08:15:00Z")).inBreak(Instant.parse("2026-06-10T08:15:00Z")))
                .isTrue();
    }

    @Test
    void overlapsGapsAndBadBreaksAreRefusedWithAReason() {
        var overlap = new ShiftCalendar(List.of(
                new ShiftCalendar.Shift("A", LocalTime.of(6, 0), 600, List.of()),
                new ShiftCalendar.Shift("B", LocalTime.of(14, 0), 840, List.of())));
        assertThat(overlap.problems()).containsEntry("shifts[1].start", "Overlaps shift A: it should start at 16:00");
        var gap = new ShiftCalendar(List.of(
                new ShiftCalendar.Shift("A", LocalTime.of(6, 0), 480, List.of()),
                new ShiftCalendar.Shift("B", LocalTime.of(15, 0), 900, List.of())));
        assertThat(gap.problems())
                .containsEntry("shifts[1].start", "Leaves a gap after shift A: it should start at 14:00");
        var short_ = new ShiftCalendar(List.of(new ShiftCalendar.Shift("A", LocalTime.of(6, 0), 480, List.of())));
        assertThat(short_.problems()).containsKey("shifts");
        var badBreak = new ShiftCalendar(List.of(new ShiftCalendar.Shift(
                "A", LocalTime.of(6, 0), 1440, List.of(new ShiftCalendar.Break(LocalTime.of(5, 50), 30)))));
        assertThat(badBreak.problems()).containsKey("shifts[0].breaks[0]");
        assertThat(ShiftCalendar.threeShifts().problems()).isEmpty();
    }

    @Test
    void aCountryGivesItsZoneAndAnUnknownOneUtc() {
        assertThat(CountryZones.of("DE")).isEqualTo(BERLIN);
        assertThat(CountryZones.of("XX")).isEqualTo(ZoneId.of("UTC"));
    }
}
