package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UIDetachedException;
import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.Simulation;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TelemetryBroadcasterTest {

    static final Viewer OFFICE = new Viewer("office", Role.OFFICE_MANAGER, null);
    static final Viewer MANAGER_A = new Viewer("manager-a", Role.FACTORY_MANAGER, "a");
    static final Instant NOW = Instant.parse("2026-04-01T10:00:00Z");

    static TelemetryUpdate fleet(String... ids) {
        List<FactoryTelemetry> factories = new ArrayList<>();
        for (String id : ids) {
            var spec = FactorySpec.furniture(id, id, "DE");
            factories.add(new FactoryTelemetry(new FactoryRef(id, id, "DE", "local", URI.create("http://127.0.0.1:1")),
                    new FactoryHealth(FactoryStatus.UP, NOW, null, 3), new Simulation(spec).at(NOW)));
        }
        return TelemetryUpdate.of(NOW, factories);
    }

    @Test
    void everySubscriberGetsEachTickAndDetachedOnesAreDropped() {
        TelemetryBroadcaster broadcaster = new TelemetryBroadcaster();
        int n = 50;
        AtomicInteger received = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            broadcaster.subscribe(OFFICE, u -> received.incrementAndGet());
        }
        broadcaster.subscribe(OFFICE, u -> {
            throw new UIDetachedException();
        });
        var unsubscribed = broadcaster.subscribe(OFFICE, u -> received.addAndGet(1000));
        unsubscribed.remove();

        broadcaster.publish(fleet("a", "b"));
        assertThat(received).hasValue(n);
        assertThat(broadcaster.subscriberCount()).isEqualTo(n);
        broadcaster.publish(fleet("a", "b"));
        assertThat(received).hasValue(2 * n);
    }

    @Test
    void aFactoryManagerReceivesOnlyTheirFactoryAndItsOwnTotals() {
        TelemetryBroadcaster broadcaster = new TelemetryBroadcaster();
        List<TelemetryUpdate> managerGot = new ArrayList<>();
        List<TelemetryUpdate> officeGot = new ArrayList<>();
        broadcaster.subscribe(MANAGER_A, managerGot::add);
        broadcaster.subscribe(OFFICE, officeGot::add);
        TelemetryUpdate full = fleet("a", "b", "c");
        broadcaster.publish(full);

        TelemetryUpdate mine = managerGot.getFirst();
        assertThat(mine.factories()).extracting(FactoryTelemetry::id).containsExactly("a");
        assertThat(mine.totals().factories()).isEqualTo(1);
        long aTotal = full.factories().getFirst().latest().outputs().stream().mapToLong(o -> o.total()).sum();
        assertThat(mine.totals().outputTotal()).isEqualTo(aTotal).isLessThan(full.totals().outputTotal());
        assertThat(officeGot.getFirst()).isSameAs(full);
    }

    @Test
    void fleetOeeComesFromSummedCounts() {
        TelemetryUpdate full = fleet("a", "b", "c");
        var summed = full.factories().stream().map(f -> f.latest().oee()).reduce(io.meshportal.factory.Oee::plus).orElseThrow();
        assertThat(full.totals().oee()).isEqualTo(summed);
    }
}
