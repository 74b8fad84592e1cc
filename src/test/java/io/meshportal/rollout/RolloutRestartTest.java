package io.meshportal.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.PortalApplication;
import io.meshportal.factory.Tuning;
import io.meshportal.fleet.NewVersion;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A portal restart in the middle of rollouts: the canary, its share of requests and the rollout come back; a manual
 * rollout is where it was, an automatic one resumes its steps and finishes.
 */
class RolloutRestartTest {

    static final Viewer OFFICE = new Viewer("restart-office", Role.OFFICE_MANAGER, null);

    @Test
    void rolloutsResumeAfterARestart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (var portal = start(data)) {
            RolloutService rollouts = portal.getBean(RolloutService.class);
            rollouts.start(OFFICE, "resume-1", manual("v2"), Progress.NONE);
            rollouts.weigh(OFFICE, "resume-1", 30);
            // automatic, with a long first dwell: the restart comes in the middle of its first step
            rollouts.start(
                    OFFICE,
                    "resume-2",
                    new RolloutPlan(
                            new NewVersion("v2", null, Tuning.STANDARD, 1),
                            true,
                            List.of(40, 100),
                            Duration.ofSeconds(4),
                            2,
                            // about the restart, not the judgement: latency noise on a busy machine must not abort
                            new Thresholds(5, 10, 2, 5, 10)),
                    Progress.NONE);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> rollouts.versions(OFFICE, "resume-2").canaryWeight() == 40);
        }
        try (var portal = start(data)) {
            RolloutService rollouts = portal.getBean(RolloutService.class);
            Versions manual = rollouts.versions(OFFICE, "resume-1");
            assertThat(manual.canary().name()).isEqualTo("v2");
            assertThat(manual.canaryWeight()).isEqualTo(30);
            assertThat(rollouts.active(OFFICE, "resume-1")).hasValueSatisfying(r -> {
                assertThat(r.state()).isEqualTo(RolloutState.RUNNING);
                assertThat(r.canaryWeight()).isEqualTo(30);
            });
            // the proxy splits again after the restart: pinned and weighted requests reach v2
            rollouts.weigh(OFFICE, "resume-1", 100);
            assertThat(rollouts.versions(OFFICE, "resume-1").canaryWeight()).isEqualTo(100);

            assertThat(rollouts.versions(OFFICE, "resume-2").canaryWeight()).isEqualTo(40);
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> rollouts.active(OFFICE, "resume-2")
                    .isEmpty());
            RolloutView ended = rollouts.history(OFFICE, "resume-2").getFirst();
            assertThat(ended.state()).as(ended.message()).isEqualTo(RolloutState.PROMOTED);
            assertThat(rollouts.versions(OFFICE, "resume-2").stable().name()).isEqualTo("v2");

            rollouts.rollBack(OFFICE, "resume-1", Progress.NONE);
            assertThat(rollouts.versions(OFFICE, "resume-1").canary()).isNull();
        }
        try (var portal = start(data)) {
            RolloutService rollouts = portal.getBean(RolloutService.class);
            assertThat(rollouts.versions(OFFICE, "resume-1").stable().name()).isEqualTo("v1");
            assertThat(rollouts.versions(OFFICE, "resume-2").stable().name())
                    .as("a promotion outlives the process")
                    .isEqualTo("v2");
            assertThat(rollouts.activeAll(OFFICE)).isEmpty();
        }
    }

    static RolloutPlan manual(String version) {
        return new RolloutPlan(
                new NewVersion(version, null, Tuning.STANDARD, 1), false, List.of(), null, 1, Thresholds.DEFAULTS);
    }

    private static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(PortalApplication.class)
                .run(
                        "--server.port=0",
                        "--meshportal.data.dir=" + data,
                        "--meshportal.fleet.local.factories[0].id=resume-1",
                        "--meshportal.fleet.local.factories[0].name=Resume one",
                        "--meshportal.fleet.local.factories[0].country=DE",
                        "--meshportal.fleet.local.factories[1].id=resume-2",
                        "--meshportal.fleet.local.factories[1].name=Resume two",
                        "--meshportal.fleet.local.factories[1].country=FR");
    }
}
