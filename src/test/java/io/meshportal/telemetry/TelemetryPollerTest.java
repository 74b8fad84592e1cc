package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.Fault;
import io.meshportal.fleet.FactoryRef;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pollers against real factory servers on loopback, with the production settings (1 s interval, 800 ms
 * timeout): a killed, a hung, a slow, a garbage-answering, an erroring and a 10 MB-answering factory must not
 * delay the healthy ones, must be marked within 3 s, and must recover within 5 s once fixed.
 */
class TelemetryPollerTest {

    private final Map<String, FactoryServer> servers = new ConcurrentHashMap<>();
    private final List<TelemetryUpdate> updates = new CopyOnWriteArrayList<>();
    private TelemetryPoller poller;

    @AfterEach
    void stop() {
        if (poller != null) {
            poller.close();
        }
        servers.values().forEach(FactoryServer::close);
    }

    @Test
    void badFactoriesAreMarkedQuicklyAndRecoverWhileTheOthersKeepUpdating() throws Exception {
        for (String id : List.of("good-a", "good-b", "hung", "garbage", "error", "huge", "killed", "slow")) {
            servers.put(id, FactoryServer.onLoopback(FactorySpec.furniture(id, id, "DE")));
        }
        List<FactoryRef> refs = servers.values().stream()
                .map(s -> new FactoryRef(s.spec().id(), s.spec().name(), "DE", "local", null, URI.create(s.baseUrl())))
                .toList();
        poller = new TelemetryPoller(() -> refs, TelemetryProperties.defaults(), Clock.systemUTC(), updates::add);
        poller.start();
        awaitAll(refs, status -> status == FactoryStatus.UP, Duration.ofSeconds(4));

        int killedPort = servers.get("killed").port();
        servers.get("killed").close();
        servers.get("hung").fault(Fault.HANG);
        servers.get("garbage").fault(Fault.GARBAGE);
        servers.get("error").fault(Fault.ERROR);
        servers.get("huge").fault(Fault.HUGE);
        servers.get("slow").fault(Fault.SLOW);
        Instant broken = Instant.now();
        List<String> bad = List.of("hung", "garbage", "error", "huge", "killed", "slow");

        for (String id : bad) {
            Duration marked = awaitStatus(
                    id, s -> s == FactoryStatus.DEGRADED || s == FactoryStatus.DOWN, broken, Duration.ofSeconds(3));
            System.out.printf("%-8s marked after %d ms%n", id, marked.toMillis());
        }
        for (String id : bad) {
            awaitStatus(id, s -> s == FactoryStatus.DOWN, broken, Duration.ofSeconds(5));
            assertThat(poller.channel(id).telemetry().health().lastError()).isNotBlank();
        }
        Thread.sleep(Math.max(
                0, Duration.between(Instant.now(), broken.plusSeconds(5)).toMillis()));
        // while all that was going on, the healthy factories were fresh in every published update
        Instant checkFrom = broken.plusSeconds(1);
        List<TelemetryUpdate> during =
                updates.stream().filter(u -> u.at().isAfter(checkFrom)).toList();
        assertThat(during).hasSizeGreaterThanOrEqualTo(3);
        for (TelemetryUpdate u : during) {
            for (String good : List.of("good-a", "good-b")) {
                FactoryTelemetry f = u.factories().stream()
                        .filter(x -> x.id().equals(good))
                        .findFirst()
                        .orElseThrow();
                assertThat(f.health().status()).isEqualTo(FactoryStatus.UP);
                assertThat(f.health().age(u.at())).isLessThan(Duration.ofMillis(2000));
            }
        }
        assertThat(poller.inFlightCapacityUsed()).isLessThanOrEqualTo(2 * bad.size() + 2);

        servers.put(
                "killed",
                new FactoryServer(
                                FactorySpec.furniture("killed", "killed", "DE"),
                                InetAddress.getLoopbackAddress(),
                                killedPort,
                                Clock.systemUTC(),
                                false)
                        .start());
        bad.forEach(id -> servers.get(id).fault(Fault.NONE));
        Instant fixed = Instant.now();
        for (String id : bad) {
            Duration recovered = awaitStatus(id, s -> s == FactoryStatus.UP, fixed, Duration.ofSeconds(5));
            System.out.printf("%-8s recovered after %d ms%n", id, recovered.toMillis());
        }
    }

    @Test
    void aFactoryAnsweringWithAnotherIdIsNotTrusted() throws IOException {
        servers.put("real", FactoryServer.onLoopback(FactorySpec.furniture("real", "Real", "DE")));
        FactoryRef impostor = new FactoryRef(
                "expected",
                "Expected",
                "DE",
                "local",
                null,
                URI.create(servers.get("real").baseUrl()));
        poller = new TelemetryPoller(
                () -> List.of(impostor), TelemetryProperties.defaults(), Clock.systemUTC(), updates::add);
        poller.start();
        awaitStatus("expected", s -> s == FactoryStatus.DOWN, Instant.now(), Duration.ofSeconds(5));
        assertThat(poller.channel("expected").telemetry().latest()).isNull();
        assertThat(poller.channel("expected").telemetry().health().lastError()).contains("answered as factory 'real'");
    }

    @Test
    void historyKeepsOneSamplePerPollAndRemovedFactoriesAreDropped() throws Exception {
        servers.put("h", FactoryServer.onLoopback(FactorySpec.furniture("h", "H", "DE")));
        var refs = new CopyOnWriteArrayList<FactoryRef>(List.of(new FactoryRef(
                "h", "H", "DE", "local", null, URI.create(servers.get("h").baseUrl()))));
        poller = new TelemetryPoller(() -> refs, TelemetryProperties.defaults(), Clock.systemUTC(), updates::add);
        poller.start();
        Thread.sleep(3500);
        List<Sample> samples = poller.channel("h").history.since(0);
        assertThat(samples).hasSizeBetween(2, 4);
        for (int i = 1; i < samples.size(); i++) {
            assertThat(samples.get(i).epochMillis())
                    .isGreaterThan(samples.get(i - 1).epochMillis());
            assertThat(samples.get(i).outputTotal())
                    .isGreaterThanOrEqualTo(samples.get(i - 1).outputTotal());
        }
        FactoryChannel channel = poller.channel("h");
        assertThat(channel.endpoint.idleConnections()).isEqualTo(1); // one kept-alive connection, reused
        refs.clear();
        Thread.sleep(1200);
        assertThat(poller.channel("h")).isNull();
        assertThat(channel.endpoint.idleConnections()).isZero(); // closed with the channel
        assertThat(updates.getLast().factories()).isEmpty();
    }

    @Test
    void aLargeFleetIsPolledInSlicesSpreadOverTheInterval() throws Exception {
        TelemetryProperties d = TelemetryProperties.defaults();
        TelemetryProperties slicesOfTwo = new TelemetryProperties(
                d.interval(), d.timeout(), d.slowThreshold(), d.historySize(), d.maxBodyBytes(), d.breakerOpenFor(), 2);
        List<FactoryRef> refs = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "slice-" + i;
            servers.put(id, FactoryServer.onLoopback(FactorySpec.furniture(id, id, "DE")));
            refs.add(new FactoryRef(
                    id, id, "DE", "local", null, URI.create(servers.get(id).baseUrl())));
        }
        poller = new TelemetryPoller(() -> refs, slicesOfTwo, Clock.systemUTC(), updates::add);
        assertThat(poller.slices(6)).isEqualTo(3);
        poller.start();
        awaitAll(refs, status -> status == FactoryStatus.UP, Duration.ofSeconds(5));
        Thread.sleep(1500);
        // each factory is polled at its slice's point of the second: 0, 1/3 or 2/3 of the interval after the round
        Map<String, Long> at = new java.util.HashMap<>();
        for (FactoryRef ref : refs) {
            at.put(
                    ref.id(),
                    poller.channel(ref.id()).telemetry().health().lastGoodAt().toEpochMilli());
        }
        java.util.Set<Integer> slicesSeen = new java.util.HashSet<>();
        String first = refs.stream()
                .filter(r -> Math.floorMod(r.id().hashCode(), 3) == 0)
                .findFirst()
                .orElseThrow()
                .id();
        for (FactoryRef ref : refs) {
            int slice = Math.floorMod(ref.id().hashCode(), 3);
            slicesSeen.add(slice);
            long offset = Math.floorMod(at.get(ref.id()) - at.get(first), 1000L);
            long expected = slice * 333L;
            long distance = Math.min(Math.abs(offset - expected), 1000 - Math.abs(offset - expected));
            assertThat(distance)
                    .as("%s in slice %d polled %d ms into the round", ref.id(), slice, offset)
                    .isLessThan(150);
        }
        assertThat(slicesSeen).hasSize(3); // the ids do fall into all three slices, so the spread was tested
        assertThat(poller.slices(0)).isEqualTo(1);
        assertThat(poller.slices(2)).isEqualTo(1);
        assertThat(poller.slices(100_000)).isEqualTo(TelemetryPoller.MAX_SLICES);
    }

    private void awaitAll(List<FactoryRef> refs, Predicate<FactoryStatus> condition, Duration limit) {
        Instant from = Instant.now();
        refs.forEach(r -> awaitStatus(r.id(), condition, from, limit));
    }

    /** Waits until the factory's status matches; returns how long after {@code from} that was. */
    private Duration awaitStatus(String id, Predicate<FactoryStatus> condition, Instant from, Duration limit) {
        Instant deadline = from.plus(limit);
        while (Instant.now().isBefore(deadline)) {
            FactoryChannel channel = poller.channel(id);
            if (channel != null && condition.test(channel.telemetry().health().status())) {
                return Duration.between(from, Instant.now());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        FactoryChannel channel = poller.channel(id);
        throw new AssertionError(id + " did not reach the expected status within " + limit + "; health: "
                + (channel == null ? "no channel" : channel.telemetry().health()));
    }
}
