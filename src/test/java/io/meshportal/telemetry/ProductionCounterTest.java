package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.calendar.FactoryTime;
import io.meshportal.calendar.ShiftCalendar;
import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.ProductLine;
import io.meshportal.factory.Simulation;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.factory.Tuning;
import io.meshportal.telemetry.rollup.MinuteRow;
import io.meshportal.telemetry.rollup.VersionMinuteRow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rule for versions: each minute, the factory's increase of every count is the share-weighted sum of the
 * versions' own increases; cumulative figures never jump across the start, a weight change and the end of a rollout.
 */
class ProductionCounterTest {

    static final FactorySpec V1 = FactorySpec.furniture("berlin-1", "Berlin", "DE");
    static final FactorySpec V9 = V1.withVersion("v9", new Tuning(3.0, 0.10, 0.15));
    static final Instant T0 = Instant.parse("2026-06-10T09:00:00Z");

    final ProductionCounter counter = new ProductionCounter(
            id -> new FactoryTime(ZoneId.of("UTC"), ShiftCalendar.threeShifts()),
            request -> new LiveCount.Base(request.day(), Map.of(), Map.of(), io.meshportal.factory.Oee.NONE));

    /** Shares per second: 50/50 for ten minutes, 20/80 for five, then v9 alone (promoted) for five. */
    static double[] shares(int second) {
        if (second < 600) {
            return new double[] {0.5, 0.5};
        }
        if (second < 900) {
            return new double[] {0.2, 0.8};
        }
        return new double[] {0, 1};
    }

    @Test
    void everyStoredMinuteIsTheShareWeightedSumOfTheVersionsOwnIncreases() {
        Simulation v1 = new Simulation(V1);
        Simulation v9 = new Simulation(V9);
        // one minute of v1 alone before the canary starts, as a factory runs before its rollout
        List<Long> madeToday = new ArrayList<>();
        for (int s = -60; s < 1200; s++) {
            Instant t = T0.plusSeconds(s);
            List<VersionReading> readings;
            if (s < 0) {
                readings = List.of(new VersionReading("v1", 1, v1.at(t), null));
            } else if (s < 900) {
                double[] w = shares(s);
                readings = List.of(
                        new VersionReading("v1", w[0], v1.at(t), null), new VersionReading("v9", w[1], v9.at(t), null));
            } else {
                readings = List.of(new VersionReading("v9", 1, v9.at(t), null));
            }
            TelemetrySnapshot figures = counter.count("berlin-1", null, readings, t);
            madeToday.add(figures.outputTotal());
        }
        ProductionCounter.Closed closed = counter.closeBefore(Long.MAX_VALUE);
        Map<Long, MinuteRow> byMinute = new HashMap<>();
        closed.minutes().forEach(r -> byMinute.put(r.slot(), r));
        long m0 = T0.getEpochSecond() / 60;
        for (int m = 0; m < 20; m++) {
            // the minute's samples are seconds 0..59 of it; the first is compared with the minute before's last
            Instant end = T0.plusSeconds(m * 60L + 59);
            Instant before = end.minusSeconds(60);
            // the canary's first sample (second 0) is its baseline: nothing before it to compare with
            Instant before9 = m == 0 ? T0 : before;
            double[] w = shares(m * 60);
            double expectedMade =
                    w[0] * (v1.at(end).outputTotal() - v1.at(before).outputTotal())
                            + w[1] * (v9.at(end).outputTotal() - v9.at(before9).outputTotal());
            double expectedMaterial = w[0] * (material(v1.at(end)) - material(v1.at(before)))
                    + w[1] * (material(v9.at(end)) - material(v9.at(before9)));
            MinuteRow row = byMinute.get(m0 + m);
            assertThat(row).as("minute %d", m).isNotNull();
            assertThat((double) row.made()).as("made in minute %d", m).isCloseTo(expectedMade, within(1));
            assertThat(row.materialIn()).as("material in minute %d", m).isCloseTo(expectedMaterial, within(1));
            double expectedPlanned = w[0]
                            * (v1.at(end).oee().plannedSeconds()
                                    - v1.at(before).oee().plannedSeconds())
                    + w[1]
                            * (v9.at(end).oee().plannedSeconds()
                                    - v9.at(before9).oee().plannedSeconds());
            assertThat(row.plannedSeconds()).as("planned in minute %d", m).isCloseTo(expectedPlanned, within(0.01));
            assertThat(row.samples()).isEqualTo(60);
        }
        // made today only grows, by at most the plant's capacity a minute, across start, weight change and promotion
        double capacityPerSecond =
                V1.lines().stream().mapToDouble(ProductLine::idealPerMinute).sum() / 60;
        for (int i = 1; i < madeToday.size(); i++) {
            long step = madeToday.get(i) - madeToday.get(i - 1);
            assertThat(step).as("step at second %d", i - 60).isBetween(0L, (long) Math.ceil(capacityPerSecond) + 1);
        }
        // each version's own minutes are kept unweighted, with the share it ran
        List<VersionMinuteRow> v9Minutes =
                closed.versions().stream().filter(r -> r.version().equals("v9")).toList();
        VersionMinuteRow first =
                v9Minutes.stream().filter(r -> r.minute() == m0 + 1).findFirst().orElseThrow();
        assertThat(first.share()).isEqualTo(0.5);
        assertThat(first.made())
                .isEqualTo(v9.at(T0.plusSeconds(119)).outputTotal()
                        - v9.at(T0.plusSeconds(59)).outputTotal());
    }

    @Test
    void aCounterThatRestartsAtMidnightIsCountedAndADecreaseWithoutMarkerIsIgnored() {
        Simulation v1 = new Simulation(V1);
        Instant midnight = Instant.parse("2026-06-11T00:00:00Z");
        for (int s = -120; s < 120; s++) {
            counter.count(
                    "berlin-1",
                    null,
                    List.of(new VersionReading("v1", 1, v1.at(midnight.plusSeconds(s)), null)),
                    midnight);
        }
        assertThat(counter.decreases()).isZero();
        long m = midnight.getEpochSecond() / 60;
        MinuteRow firstOfDay = counter.closeBefore(Long.MAX_VALUE).minutes().stream()
                .filter(r -> r.slot() == m)
                .findFirst()
                .orElseThrow();
        // the sample at 00:00:00 restarted the counters: its value is the increase (not a decrease, not ignored)
        assertThat(firstOfDay.made())
                .isCloseTo(v1.at(midnight.plusSeconds(59)).outputTotal(), org.assertj.core.data.Offset.offset(1L));

        // a factory answering a lower counter without moving its marker: nothing booked, counted once
        TelemetrySnapshot now = v1.at(midnight.plusSeconds(600));
        TelemetrySnapshot wrong = new TelemetrySnapshot(
                now.factoryId(),
                now.name(),
                now.country(),
                now.version(),
                now.timestamp().plusSeconds(1),
                now.state(),
                now.inputs(),
                now.outputs().stream()
                        .map(o -> new TelemetrySnapshot.Output(o.product(), o.unit(), o.ratePerMinute(), 0, 0))
                        .toList(),
                now.oee(),
                now.shiftHours(),
                now.countingSince(),
                now.shiftStart());
        counter.count("berlin-1", null, List.of(new VersionReading("v1", 1, now, null)), now.timestamp());
        long made = counter.count("berlin-1", null, List.of(new VersionReading("v1", 1, now, null)), now.timestamp())
                .outputTotal();
        long after = counter.count(
                        "berlin-1", null, List.of(new VersionReading("v1", 1, wrong, null)), wrong.timestamp())
                .outputTotal();
        assertThat(after).isEqualTo(made);
        assertThat(counter.decreases()).isEqualTo(1);
        // and the right sample after the wrong one books only what was made since the last right one, not the
        // whole counter again
        TelemetrySnapshot next = v1.at(midnight.plusSeconds(603));
        long then = counter.count("berlin-1", null, List.of(new VersionReading("v1", 1, next, null)), next.timestamp())
                .outputTotal();
        assertThat(then - made)
                .isCloseTo(next.outputTotal() - now.outputTotal(), org.assertj.core.data.Offset.offset(1L));
    }

    @Test
    void aVersionThatComesBackAndAPollOutageNeverBookMoreThanTheyCouldMakeInAMinute() {
        Simulation v1 = new Simulation(V1);
        Simulation v9 = new Simulation(V9);
        double capacityPerMinute =
                V1.lines().stream().mapToDouble(ProductLine::idealPerMinute).sum();
        // v9 runs at half for two minutes, then is rolled back, then runs again an hour later
        for (int s = 0; s < 120; s++) {
            Instant t = T0.plusSeconds(s);
            counter.count(
                    "berlin-1",
                    null,
                    List.of(
                            new VersionReading("v1", 0.5, v1.at(t), null),
                            new VersionReading("v9", 0.5, v9.at(t), null)),
                    t);
        }
        for (int s = 120; s < 3720; s += 1) {
            Instant t = T0.plusSeconds(s);
            counter.count("berlin-1", null, List.of(new VersionReading("v1", 1, v1.at(t), null)), t);
        }
        for (int s = 3720; s < 3780; s++) {
            Instant t = T0.plusSeconds(s);
            counter.count(
                    "berlin-1",
                    null,
                    List.of(
                            new VersionReading("v1", 0.5, v1.at(t), null),
                            new VersionReading("v9", 0.5, v9.at(t), null)),
                    t);
        }
        // then the factory does not answer for ten minutes
        Instant back = T0.plusSeconds(3780 + 600);
        counter.count("berlin-1", null, List.of(new VersionReading("v1", 1, v1.at(back), null)), back);
        List<MinuteRow> minutes = counter.closeBefore(Long.MAX_VALUE).minutes();
        assertThat(minutes).allSatisfy(r -> assertThat((double) r.made())
                .as("minute %d", r.slot())
                .isLessThanOrEqualTo(capacityPerMinute + 1));
        // the outage's production is not lost: it is spread over the minutes it covers
        long afterOutage = minutes.stream()
                .filter(r -> r.slot() >= (T0.getEpochSecond() + 3779) / 60)
                .mapToLong(MinuteRow::made)
                .sum();
        assertThat((double) afterOutage)
                .isCloseTo(
                        v1.at(back).outputTotal() - v1.at(T0.plusSeconds(3779)).outputTotal(),
                        org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    void roundingAHalfSplitDoesNotDriftOverAnHour() {
        Simulation v1 = new Simulation(V1);
        Simulation v9 = new Simulation(V9);
        double exact = 0;
        TelemetrySnapshot p1 = null;
        TelemetrySnapshot p9 = null;
        for (int s = 0; s < 3600; s++) {
            Instant t = T0.plusSeconds(s);
            TelemetrySnapshot s1 = v1.at(t);
            TelemetrySnapshot s9 = v9.at(t);
            counter.count(
                    "berlin-1",
                    null,
                    List.of(new VersionReading("v1", 0.5, s1, null), new VersionReading("v9", 0.5, s9, null)),
                    t);
            if (p1 != null) {
                exact += 0.5 * (s1.outputTotal() - p1.outputTotal()) + 0.5 * (s9.outputTotal() - p9.outputTotal());
            }
            p1 = s1;
            p9 = s9;
        }
        long stored = counter.closeBefore(Long.MAX_VALUE).minutes().stream()
                .mapToLong(MinuteRow::made)
                .sum();
        // two products, each rounded with what the minute before left over: within a unit each over the hour
        assertThat((double) stored).isCloseTo(exact, org.assertj.core.data.Offset.offset(2.0));
    }

    private static double material(TelemetrySnapshot s) {
        return s.inputs().stream().mapToDouble(TelemetrySnapshot.Input::total).sum();
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    /**
     * A factory id seen with a new life (deleted and made again): the ended life's minutes not written yet count for
     * the fleet only, the new life starts from nothing, and the writer is told to begin it (once, first).
     */
    @Test
    void aNewLifeStartsFromNothingAndTheEndedLifesUnwrittenMinutesCountForTheFleetOnly() {
        Simulation first = new Simulation(V1);
        for (int s = 0; s < 30; s++) {
            Instant t = T0.plusSeconds(s);
            counter.count("berlin-1", "created-1", List.of(new VersionReading("v1", 1, first.at(t), null)), t);
        }
        // made again a few seconds later (its counters are a function of the time of day, as a factory's are)
        Simulation again = new Simulation(V1);
        Instant t0 = T0.plusSeconds(40);
        TelemetrySnapshot figures = null;
        for (int s = 0; s < 10; s++) {
            Instant t = t0.plusSeconds(s);
            figures =
                    counter.count("berlin-1", "created-2", List.of(new VersionReading("v1", 1, again.at(t), null)), t);
        }
        ProductionCounter.Closed closed = counter.closeBefore(Long.MAX_VALUE);
        assertThat(closed.lives())
                .as("the new life, to begin before its minutes")
                .containsExactly(Map.entry("berlin-1", "created-2"));
        long endedMade = closed.fleetOnly().stream().mapToLong(MinuteRow::made).sum();
        assertThat(endedMade)
                .as("what the ended life made in its last half minute")
                .isPositive()
                .isEqualTo(first.at(T0.plusSeconds(29)).outputTotal()
                        - first.at(T0).outputTotal());
        assertThat(closed.minutes().stream().mapToLong(MinuteRow::made).sum())
                .as("the new life's minutes hold only what it made")
                .isEqualTo(
                        again.at(t0.plusSeconds(9)).outputTotal() - again.at(t0).outputTotal());
        assertThat(figures.outputTotal())
                .as("made today, in the new life")
                .isEqualTo(
                        again.at(t0.plusSeconds(9)).outputTotal() - again.at(t0).outputTotal());
        assertThat(counter.closeBefore(Long.MAX_VALUE).lives()).as("begun once").isEmpty();

        // gone from the fleet for a while and back with the same life: nothing new to begin
        counter.retain(java.util.Set.of());
        Instant later = t0.plusSeconds(20);
        counter.count("berlin-1", "created-2", List.of(new VersionReading("v1", 1, again.at(later), null)), later);
        assertThat(counter.closeBefore(Long.MAX_VALUE).lives()).isEmpty();
    }
}
