package io.meshportal.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationTest {

    static final FactorySpec SPEC = FactorySpec.furniture("berlin-1", "Berlin", "DE");
    static final Instant T = Instant.parse("2026-03-10T10:17:23.500Z");

    @Test
    void twoInstancesAgreeForTheSameInstant() {
        Simulation a = new Simulation(SPEC);
        Simulation b = new Simulation(FactorySpec.furniture("berlin-1", "Berlin", "DE"));
        for (int i = 0; i < 50; i++) {
            Instant t = T.plusSeconds(i * 997L);
            assertThat(a.at(t)).isEqualTo(b.at(t));
        }
    }

    @Test
    void differentFactoriesVary() {
        var a = new Simulation(SPEC).at(T);
        var b = new Simulation(FactorySpec.furniture("paris-1", "Paris", "FR")).at(T);
        assertThat(a.outputs().getFirst().total())
                .isNotEqualTo(b.outputs().getFirst().total());
    }

    @Test
    void totalsNeverDecreaseWithinADayAndStartAtZeroAtMidnight() {
        Simulation sim = new Simulation(SPEC);
        Instant midnight = Instant.parse("2026-03-10T00:00:00Z");
        assertThat(sim.at(midnight).outputs())
                .allSatisfy(o -> assertThat(o.total()).isZero());
        long previous = -1;
        for (int s = 0; s < 86_400; s += 313) {
            long total = sim.at(midnight.plusSeconds(s)).outputs().getFirst().total();
            assertThat(total).isGreaterThanOrEqualTo(previous);
            previous = total;
        }
    }

    @Test
    void scheduleHasOneMaintenanceWindowADayAndABreakPerShift() {
        Simulation sim = new Simulation(SPEC);
        long day = Instant.parse("2026-03-10T00:00:00Z").getEpochSecond() / 60;
        Map<FactoryState, Integer> minutes = new EnumMap<>(FactoryState.class);
        for (long m = day; m < day + 1440; m++) {
            minutes.merge(sim.stateAt(m), 1, Integer::sum);
        }
        assertThat(minutes.get(FactoryState.MAINTENANCE)).isEqualTo(Simulation.MAINTENANCE_MINUTES);
        // three 8 h shifts, a 10 min break each (a break can overlap maintenance, hence <=)
        assertThat(minutes.get(FactoryState.IDLE))
                .isBetween(3 * Simulation.BREAK_MINUTES - 20, 3 * Simulation.BREAK_MINUTES);
        assertThat(minutes.get(FactoryState.DOWN)).isBetween(5, 200);
        assertThat(minutes.get(FactoryState.RUNNING)).isGreaterThan(1100);
    }

    @Test
    void notRunningMeansZeroRates() {
        Simulation sim = new Simulation(SPEC);
        long start = T.getEpochSecond() / 60;
        int checked = 0;
        for (long m = start; m < start + 1440 && checked < 5; m++) {
            if (sim.stateAt(m) != FactoryState.RUNNING) {
                var snapshot = sim.at(Instant.ofEpochSecond(m * 60 + 30));
                assertThat(snapshot.outputs())
                        .allSatisfy(o -> assertThat(o.ratePerMinute()).isZero());
                assertThat(snapshot.inputs())
                        .allSatisfy(i -> assertThat(i.ratePerMinute()).isZero());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(5);
    }

    @Test
    void oeeFactorsAreConsistentAndPlausible() {
        Simulation sim = new Simulation(SPEC);
        for (int h = 1; h < 24; h += 3) {
            Oee oee = sim.at(T.plus(Duration.ofHours(h))).oee();
            assertThat(oee.availability()).isBetween(0.5, 1.0);
            assertThat(oee.performance()).isBetween(0.82, 0.98);
            assertThat(oee.quality()).isBetween(0.94, 1.0);
            assertThat(oee.oee()).isCloseTo(oee.availability() * oee.performance() * oee.quality(), within(1e-9));
            assertThat(oee.goodCount()).isLessThanOrEqualTo(oee.totalCount());
        }
    }

    @Test
    void materialConsumptionMatchesProductionAndStockStaysPositive() {
        Simulation sim = new Simulation(SPEC);
        for (int h = 0; h < 24; h++) {
            var s = sim.at(T.plus(Duration.ofMinutes(h * 61L)));
            double expected =
                    s.outputs().get(0).total() * 6.5 + s.outputs().get(1).total() * 24;
            // totals are floored per product, so the material total may exceed by < one unit of each
            assertThat(s.inputs().getFirst().total()).isBetween(expected, expected + 6.5 + 24);
            assertThat(s.inputs().getFirst().stock()).isPositive();
        }
    }

    @Test
    void invalidSpecsAreRejectedWithAReason() {
        assertThatThrownBy(() -> FactorySpec.furniture("Berlin_1", "x", "DE")).hasMessageContaining("DNS-1123");
        assertThatThrownBy(() -> FactorySpec.furniture("ok", "x", "Germany")).hasMessageContaining("two-letter");
        assertThatThrownBy(() -> new FactorySpec("ok", "x", "DE", "v1", List.of(), 8))
                .hasMessageContaining("1-20");
        assertThatThrownBy(() -> new ProductLine("chair", "pcs", "wood", "kg", 1, 0, 1))
                .hasMessageContaining("cycle");
    }
}
