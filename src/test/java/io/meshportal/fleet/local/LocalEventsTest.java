package io.meshportal.fleet.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.factory.FactorySpec;
import io.meshportal.fleet.FactoryEvent;
import io.meshportal.fleet.Fleet;
import io.meshportal.fleet.Progress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded fleet records what a cluster would report as events, from real replicas on loopback: started,
 * scaled, restarted, stopped answering, restarted after a back-off; repeats folded, the list bounded.
 */
class LocalEventsTest {

    @Test
    void replicasLifeIsRecordedAsEvents() throws Exception {
        FactorySpec spec = FactorySpec.furniture("events-1", "Events", "DE");
        try (LocalDeployment d = new LocalDeployment(spec, 1, null, Progress.NONE, null, Duration.ofMillis(200))) {
            d.scale(2, Progress.NONE);
            d.restart(Progress.NONE);
            List<FactoryEvent> events = d.events();
            assertThat(events.getLast().reason()).isEqualTo("ScalingReplicaSet"); // oldest: 0 → 1 at creation
            assertThat(events)
                    .extracting(FactoryEvent::reason)
                    .contains("Started", "ScalingReplicaSet", "Restarting", "Killing");
            assertThat(events).anySatisfy(e -> assertThat(e.message()).isEqualTo("Scaled up from 1 to 2"));
            assertThat(events.getFirst().at()).isAfterOrEqualTo(events.getLast().at()); // newest first

            // a replica that stops answering: a warning, then a restart after the back-off
            d.replicas().getFirst().close();
            for (int i = 0;
                    i < 10 && d.events().stream().noneMatch(e -> e.message().startsWith("Restarting"));
                    i++) {
                d.probe();
                Thread.sleep(100);
            }
            assertThat(d.events())
                    .filteredOn(e -> e.type() == FactoryEvent.Type.WARNING)
                    .extracting(FactoryEvent::message)
                    .contains("Replica stopped answering (connection refused)", "Restarting the replica (restart 1)");
        }
    }

    @Test
    void repeatsAreFoldedAndTheListIsBounded() {
        EventLog log = new EventLog(java.time.Clock.systemUTC());
        log.warning("Unhealthy", "Replica/v1:1", "Readiness probe failed");
        log.warning("Unhealthy", "Replica/v1:1", "Readiness probe failed");
        assertThat(log.list()).singleElement().satisfies(e -> assertThat(e.count())
                .isEqualTo(2));
        for (int i = 0; i < 250; i++) {
            log.normal("Started", "Replica/v1:" + i, "Started replica");
        }
        assertThat(log.list()).hasSize(Fleet.MAX_EVENTS);
        assertThat(log.list().getFirst().object()).isEqualTo("Replica/v1:249");
    }
}
