package io.meshportal.fleet.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.PortalApplication;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.ProductMix;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Workload;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Created factories, their replica counts and autoscaling come back after the portal restarts. */
class LocalFleetRestartTest {

    static final Viewer OFFICE = new Viewer("restart-office", Role.OFFICE_MANAGER, null);

    @Test
    void createdFactoriesSurviveARestartAndTheDemoFleetIsSeededOnce(@TempDir Path dir) throws Exception {
        try (var first = start(dir)) {
            FleetService fleet = first.getBean(FleetService.class);
            assertThat(fleet.workloads(OFFICE)).hasSize(4);
            fleet.create(
                            OFFICE,
                            new NewFactory("tromso-2", "Tromsø", "NO", "local", ProductMix.CABINETS, 2, 2),
                            Progress.NONE)
                    .get();
            fleet.delete(OFFICE, "porto-1", Progress.NONE).get();
        }
        try (var second = start(dir)) {
            FleetService fleet = second.getBean(FleetService.class);
            assertThat(fleet.workloads(OFFICE))
                    .extracting(Workload::factoryId)
                    .containsExactlyInAnyOrder("berlin-1", "lyon-1", "krakow-1", "tromso-2"); // porto-1 stays deleted
            Workload tromso = fleet.workloads(OFFICE).stream()
                    .filter(w -> w.factoryId().equals("tromso-2"))
                    .findFirst()
                    .orElseThrow();
            assertThat(tromso.replicas()).hasSize(2);
        }
    }

    private static ConfigurableApplicationContext start(Path dir) {
        return new SpringApplicationBuilder(PortalApplication.class)
                .run("--server.port=0", "--meshportal.data.dir=" + dir);
    }
}
