package io.meshportal.telemetry.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.FactoryState;
import io.meshportal.factory.Simulation;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.telemetry.FactoryHealth;
import io.meshportal.telemetry.FactoryStatus;
import io.meshportal.telemetry.FactoryTelemetry;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which factories a wall shows when there are more than it has room for. */
class WallCardsTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void factoriesNeedingAttentionComeFirstAndTheRestFillInFleetOrder() {
        List<FactoryTelemetry> fleet = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            FactoryStatus status = i == 70 ? FactoryStatus.DOWN : i == 90 ? FactoryStatus.DEGRADED : FactoryStatus.UP;
            fleet.add(factory("f-" + i, status, i == 80 ? null : FactoryState.RUNNING));
        }
        List<String> shown = WallView.select(fleet, WallView.MAX_CARDS).stream()
                .map(FactoryTelemetry::id)
                .toList();
        assertThat(shown).hasSize(WallView.MAX_CARDS);
        // down, no telemetry yet, slow: first, in fleet order; then the running ones from the start of the fleet
        assertThat(shown.subList(0, 3)).containsExactly("f-70", "f-80", "f-90");
        assertThat(shown.subList(3, 6)).containsExactly("f-0", "f-1", "f-2");
        assertThat(shown.getLast()).isEqualTo("f-44");
        // a small fleet: all of it, as it is
        assertThat(WallView.select(fleet.subList(0, 5), WallView.MAX_CARDS))
                .containsExactlyElementsOf(fleet.subList(0, 5));
    }

    static FactoryTelemetry factory(String id, FactoryStatus status, FactoryState state) {
        FactoryRef ref = new FactoryRef(id, id, "DE", "local", "factories", URI.create("http://127.0.0.1:1/"));
        TelemetrySnapshot latest = null;
        if (state != null) {
            // the simulation's own state moves with time: the first moment it runs
            Simulation simulation = new Simulation(FactorySpec.furniture(id, id, "DE"));
            Instant at = NOW;
            latest = simulation.at(at);
            while (latest.state() != state) {
                at = at.plusSeconds(7);
                latest = simulation.at(at);
            }
        }
        return new FactoryTelemetry(ref, new FactoryHealth(status, NOW, null, 5), latest);
    }
}
