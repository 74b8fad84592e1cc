package io.meshportal.fleet.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.Fault;
import io.meshportal.fleet.LogLine;
import io.meshportal.fleet.LogListener;
import io.meshportal.fleet.LogQuery;
import io.meshportal.fleet.LogSource;
import io.meshportal.fleet.Progress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The embedded fleet's logs come from its real replicas on loopback, one per replica, and end with the replica. */
class LocalLogsTest {

    /** Records what a follower is told. */
    static final class Recorder implements LogListener {
        final List<LogLine> lines = new CopyOnWriteArrayList<>();
        final List<String> ended = new CopyOnWriteArrayList<>();

        @Override
        public void lines(List<LogLine> added) {
            lines.addAll(added);
        }

        @Override
        public void interrupted(String reason) {}

        @Override
        public void ended(String reason) {
            ended.add(reason);
        }

        List<String> texts() {
            return lines.stream().map(LogLine::text).toList();
        }
    }

    @Test
    void eachReplicasLogIsFollowedLiveAndEndsWhenTheReplicaStops() throws Exception {
        FactorySpec spec = FactorySpec.furniture("logs-1", "Logs", "DE");
        try (LocalDeployment d = new LocalDeployment(spec, 2, null, Progress.NONE, null, Duration.ofMillis(200))) {
            List<LogSource> sources = d.logSources();
            assertThat(sources).hasSize(2).allSatisfy(s -> {
                assertThat(s.name()).startsWith("logs-1-v1-");
                assertThat(s.version()).isEqualTo("v1");
                assertThat(s.running()).isTrue();
            });
            Recorder first = new Recorder();
            Runnable stop = d.followLog(sources.getFirst().name(), new LogQuery(50, null), first);
            // its tail: the replica's start
            assertThat(first.texts()).anySatisfy(t -> assertThat(t).startsWith("INFO factory logs-1 version v1"));
            // then what happens to it, live: a fault and a failed request through the Service
            var replica = d.replicas().stream()
                    .filter(r -> sources.getFirst().name().endsWith("-" + r.port()))
                    .findFirst()
                    .orElseThrow();
            replica.fault(Fault.ERROR);
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/api/v1/telemetry"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> first.texts().stream()
                    .anyMatch(t -> t.startsWith("ERROR GET /api/v1/telemetry -> 500")));
            assertThat(first.texts()).contains("WARN fault injected: ERROR");
            // the other replica's log is its own
            Recorder second = new Recorder();
            d.followLog(sources.get(1).name(), new LogQuery(50, null), second);
            assertThat(second.texts()).isNotEmpty().noneMatch(t -> t.contains("fault injected"));

            // scaled down, the newest replica goes: its follower is told, the other one follows on
            d.scale(1, Progress.NONE);
            assertThat(second.ended).containsExactly("The replica was stopped");
            assertThat(second.texts().getLast()).isEqualTo("INFO stopping");
            assertThat(first.ended).isEmpty();
            stop.run();
            assertThat(d.logSources())
                    .extracting(LogSource::name)
                    .doesNotContain(sources.get(1).name());
            assertThatThrownBy(() -> d.followLog(sources.get(1).name(), LogQuery.DEFAULT, new Recorder()))
                    .isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void aFollowedReplicaThatIsStoppedEndsItsFollow() throws Exception {
        FactorySpec spec = FactorySpec.furniture("logs-2", "Logs", "DE");
        try (LocalDeployment d = new LocalDeployment(spec, 1, null, Progress.NONE, null, Duration.ofMillis(200))) {
            Recorder follower = new Recorder();
            d.followLog(d.logSources().getFirst().name(), LogQuery.DEFAULT, follower);
            d.restart(Progress.NONE); // a rolling restart replaces the replica
            assertThat(follower.ended).containsExactly("The replica was stopped");
            assertThat(follower.texts()).contains("INFO stopping");
        }
    }

    @Test
    void tailAndSinceLimitTheFirstLines() throws Exception {
        FactorySpec spec = FactorySpec.furniture("logs-3", "Logs", "DE");
        try (LocalDeployment d = new LocalDeployment(spec, 1, null, Progress.NONE, null, Duration.ofMillis(200))) {
            var replica = d.replicas().getFirst();
            for (int i = 0; i < 20; i++) {
                replica.log().info("line " + i);
            }
            Recorder tail = new Recorder();
            d.followLog(d.logSources().getFirst().name(), new LogQuery(3, null), tail)
                    .run();
            assertThat(tail.texts()).containsExactly("INFO line 17", "INFO line 18", "INFO line 19");
            Thread.sleep(1100);
            replica.log().info("fresh");
            Recorder recent = new Recorder();
            d.followLog(d.logSources().getFirst().name(), new LogQuery(100, Duration.ofSeconds(1)), recent)
                    .run();
            assertThat(recent.texts()).containsExactly("INFO fresh");
        }
    }
}
