package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UIDetachedException;
import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.Simulation;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class TelemetryBroadcasterTest {

    static final Viewer OFFICE = new Viewer("office", Role.OFFICE_MANAGER, null);
    static final Viewer MANAGER_A = new Viewer("manager-a", Role.FACTORY_MANAGER, "a");
    static final Instant NOW = Instant.parse("2026-04-01T10:00:00Z");

    static TelemetryUpdate fleet(String... ids) {
        List<FactoryTelemetry> factories = new ArrayList<>();
        for (String id : ids) {
            var spec = FactorySpec.furniture(id, id, "DE");
            factories.add(new FactoryTelemetry(
                    new FactoryRef(id, id, "DE", "local", null, URI.create("http://127.0.0.1:1")),
                    new FactoryHealth(FactoryStatus.UP, NOW, null, 3),
                    new Simulation(spec).at(NOW)));
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
        Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(received).hasValue(n);
            assertThat(broadcaster.subscriberCount()).isEqualTo(n);
        });
        broadcaster.publish(fleet("a", "b"));
        Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(received)
                .hasValue(2 * n));
    }

    @Test
    void aSlowSubscriberDelaysNobodyElseAndStillGetsEveryTickInOrder() throws Exception {
        TelemetryBroadcaster broadcaster = new TelemetryBroadcaster();
        CountDownLatch release = new CountDownLatch(1);
        List<Instant> slowGot = new CopyOnWriteArrayList<>();
        broadcaster.subscribe(OFFICE, u -> {
            try {
                release.await(); // e.g. alert evaluation stuck on a database write
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slowGot.add(u.at());
        });
        List<Long> lagMillis = new CopyOnWriteArrayList<>();
        AtomicLong publishedAt = new AtomicLong();
        broadcaster.subscribe(MANAGER_A, u -> lagMillis.add((System.nanoTime() - publishedAt.get()) / 1_000_000));
        long slowestPublish = 0;
        for (int tick = 0; tick < 10; tick++) {
            int expected = tick + 1;
            publishedAt.set(System.nanoTime());
            long start = System.nanoTime();
            broadcaster.publish(
                    TelemetryUpdate.of(NOW.plusSeconds(tick), fleet("a", "b").factories()));
            slowestPublish = Math.max(slowestPublish, System.nanoTime() - start);
            Awaitility.await().atMost(Duration.ofMillis(500)).until(() -> lagMillis.size() == expected);
        }
        assertThat(slowestPublish / 1_000_000)
                .as("publish never waits for a listener (ms)")
                .isLessThan(100);
        assertThat(lagMillis).as("the other subscriber's delay per tick (ms)").allSatisfy(ms -> assertThat(ms)
                .isLessThan(200));
        assertThat(slowGot).isEmpty();
        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> slowGot.size() == 10);
        assertThat(slowGot).isSortedAccordingTo(Instant::compareTo).doesNotHaveDuplicates();
    }

    @Test
    void aFactoryManagerReceivesOnlyTheirFactoryAndItsOwnTotals() {
        TelemetryBroadcaster broadcaster = new TelemetryBroadcaster();
        List<TelemetryUpdate> managerGot = new CopyOnWriteArrayList<>();
        List<TelemetryUpdate> officeGot = new CopyOnWriteArrayList<>();
        broadcaster.subscribe(MANAGER_A, managerGot::add);
        broadcaster.subscribe(OFFICE, officeGot::add);
        TelemetryUpdate full = fleet("a", "b", "c");
        broadcaster.publish(full);
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> !managerGot.isEmpty() && !officeGot.isEmpty());

        TelemetryUpdate mine = managerGot.getFirst();
        assertThat(mine.factories()).extracting(FactoryTelemetry::id).containsExactly("a");
        assertThat(mine.totals().factories()).isEqualTo(1);
        long aTotal = full.factories().getFirst().latest().outputs().stream()
                .mapToLong(o -> o.total())
                .sum();
        assertThat(mine.totals().outputTotal())
                .isEqualTo(aTotal)
                .isLessThan(full.totals().outputTotal());
        assertThat(officeGot.getFirst()).isSameAs(full);
    }

    @Test
    void fleetOeeComesFromSummedCounts() {
        TelemetryUpdate full = fleet("a", "b", "c");
        var summed = full.factories().stream()
                .map(f -> f.latest().oee())
                .reduce(io.meshportal.factory.Oee::plus)
                .orElseThrow();
        assertThat(full.totals().oee()).isEqualTo(summed);
    }
}
