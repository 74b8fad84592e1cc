package io.meshportal.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A factory's own log: bounded, followed in order, and what a real factory server writes into it. */
class FactoryLogTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T08:00:00Z"));

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }
    }

    @Test
    void keepsTheNewestLinesAndTailsBySince() {
        TestClock clock = new TestClock();
        FactoryLog log = new FactoryLog(5, clock, null);
        for (int i = 1; i <= 8; i++) {
            log.info("line " + i);
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(log.tail(100, null))
                .extracting(FactoryLog.Line::message)
                .containsExactly("line 4", "line 5", "line 6", "line 7", "line 8");
        assertThat(log.tail(2, null)).extracting(FactoryLog.Line::message).containsExactly("line 7", "line 8");
        // line 8 was written 10 s before "now"; line 7 20 s before
        assertThat(log.tail(100, clock.instant().minusSeconds(20)))
                .extracting(FactoryLog.Line::message)
                .containsExactly("line 7", "line 8");
    }

    @Test
    void aFollowerGetsTheTailThenEveryNewLineOnceAndInOrder() throws Exception {
        FactoryLog log = new FactoryLog(100, Clock.systemUTC(), null);
        for (int i = 0; i < 10; i++) {
            log.info("before " + i);
        }
        List<String> seen = new CopyOnWriteArrayList<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 500; i++) {
                log.info("during " + i);
            }
        });
        Runnable stop = log.follow(3, null, l -> seen.add(l.message()));
        writer.join();
        log.info("after");
        stop.run();
        log.info("not seen");
        // whatever the interleaving: no line twice, none lost after the tail, in the order written
        assertThat(seen).doesNotHaveDuplicates().endsWith("after").doesNotContain("not seen");
        List<Integer> during = seen.stream()
                .filter(l -> l.startsWith("during "))
                .map(l -> Integer.parseInt(l.substring("during ".length())))
                .toList();
        assertThat(during).isSorted().isNotEmpty();
        int lastDuring = during.getLast();
        assertThat(lastDuring).isEqualTo(499);
    }

    @Test
    void aRealFactoryLogsStartFailedRequestsFaultsAndAMinuteSummary() throws Exception {
        TestClock clock = new TestClock();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        FactoryLog log = new FactoryLog(100, clock, new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try (FactoryServer server = new FactoryServer(
                        FactorySpec.furniture("log-1", "Log", "DE"),
                        InetAddress.getLoopbackAddress(),
                        0,
                        clock,
                        false,
                        log)
                .start()) {
            HttpClient http = HttpClient.newHttpClient();
            get(http, server, FactoryServer.TELEMETRY);
            get(http, server, "/healthz");
            get(http, server, "/nothing-here");
            server.fault(Fault.ERROR);
            get(http, server, FactoryServer.TELEMETRY);
            server.fault(Fault.NONE);
            clock.advance(Duration.ofMinutes(1));
            get(http, server, FactoryServer.TELEMETRY);
            // a request is logged once answered, just after its client has the answer
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> log.tail(100, null).stream()
                    .anyMatch(l -> l.message().startsWith("served")));
            List<String> lines =
                    log.tail(100, null).stream().map(FactoryLog.Line::toString).toList();
            assertThat(lines.getFirst()).contains("INFO factory log-1 version v1 serving API v1 on port");
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("WARN GET /nothing-here -> 404"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("WARN fault injected: ERROR"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("ERROR GET /api/v1/telemetry -> 500"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("INFO fault ERROR cleared"));
            // the successful ones summed for the minute before: one telemetry poll, one probe
            assertThat(lines).anySatisfy(l -> assertThat(l)
                    .contains("served 2 requests in the minute before: {/api/v1/telemetry=1, /healthz=1}"));
            // the container's standard output has the same lines, timestamped as the runtime shows them
            assertThat(stdout.toString(StandardCharsets.UTF_8).lines().toList()).containsAll(lines);
            assertThat(lines.getFirst()).startsWith("2026-11-27T08:00:00Z INFO");
        }
    }

    private static void get(HttpClient http, FactoryServer server, String path) throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
