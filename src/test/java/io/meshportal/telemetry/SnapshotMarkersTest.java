package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.Simulation;
import io.meshportal.factory.TelemetryJson;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.fleet.FactoryRef;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A snapshot whose counters claim to have restarted after its own time is refused with its reason. */
class SnapshotMarkersTest {

    static final FactoryRef REF =
            new FactoryRef("gent-1", "Gent", "BE", "local", null, URI.create("http://127.0.0.1:1"));
    static final TelemetrySnapshot NOW =
            new Simulation(FactorySpec.furniture("gent-1", "Gent", "BE")).at(Instant.parse("2026-06-10T09:30:00Z"));

    @Test
    void theSimulatorSaysWhenItsCountersStarted() {
        assertThat(NOW.countingSince()).isEqualTo(Instant.parse("2026-06-10T00:00:00Z"));
        assertThat(NOW.shiftStart()).isEqualTo(Instant.parse("2026-06-10T08:00:00Z"));
        assertThat(TelemetryFetcher.checked(REF, TelemetryJson.write(NOW))).isEqualTo(NOW);
    }

    @Test
    void aShiftStartInTheFutureIsRefused() {
        TelemetrySnapshot wrong = with(NOW.countingSince(), NOW.timestamp().plusSeconds(3600));
        assertThatThrownBy(() -> TelemetryFetcher.checked(REF, TelemetryJson.write(wrong)))
                .hasMessageContaining("shift start 2026-06-10T10:30:00Z is after its own time");
    }

    @Test
    void countingSinceInTheFutureIsRefusedAndAFewSecondsOfClockSkewAreNot() {
        TelemetrySnapshot wrong = with(NOW.timestamp().plusSeconds(60), NOW.shiftStart());
        assertThatThrownBy(() -> TelemetryFetcher.checked(REF, TelemetryJson.write(wrong)))
                .hasMessageContaining("counting since");
        TelemetrySnapshot skewed = with(NOW.timestamp().plusSeconds(2), NOW.shiftStart());
        assertThat(TelemetryFetcher.checked(REF, TelemetryJson.write(skewed))).isEqualTo(skewed);
    }

    @Test
    void anOlderFactoryWithoutMarkersIsRead() {
        TelemetrySnapshot old = with(null, null);
        assertThat(TelemetryFetcher.checked(REF, TelemetryJson.write(old)).countingSince())
                .isNull();
    }

    private static TelemetrySnapshot with(Instant countingSince, Instant shiftStart) {
        return new TelemetrySnapshot(
                NOW.factoryId(),
                NOW.name(),
                NOW.country(),
                NOW.version(),
                NOW.timestamp(),
                NOW.state(),
                NOW.inputs(),
                NOW.outputs(),
                NOW.oee(),
                NOW.shiftHours(),
                countingSince,
                shiftStart);
    }
}
