package io.meshportal.fleet;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import io.meshportal.security.Viewer;
import io.meshportal.support.KaribuTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The Clusters page lists each factory's pods and follows the fleet live: a scale shows without a reload. */
class ClustersViewTest extends KaribuTest {

    @Autowired
    FleetService fleet;

    @Test
    void podsAreListedAndFollowAScaleLive() throws Exception {
        signIn("k-office");
        UI.getCurrent().navigate("clusters");
        Grid<?> pods = _get(Grid.class, s -> s.withId("pods-local"));
        Grid<?> nodes = _get(Grid.class, s -> s.withId("nodes-local"));
        assertThat(GridKt._size(nodes)).isEqualTo(1);
        int before = GridKt._size(pods);
        assertThat(before).isGreaterThanOrEqualTo(4); // one pod per demo factory at least
        Viewer office = users.signIn("k-office");
        int replicas = fleet.workloads(office).stream()
                .filter(w -> w.factoryId().equals("porto-1"))
                .findFirst()
                .orElseThrow()
                .replicas()
                .size();
        fleet.scale(office, "porto-1", replicas + 1, io.meshportal.fleet.Progress.NONE)
                .get();
        try {
            Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                MockVaadin.runUIQueue();
                assertThat(GridKt._size(_get(Grid.class, s -> s.withId("pods-local"))))
                        .isEqualTo(before + 1);
            });
            // the embedded pods are running, ready, and show "—" where nothing is measured per pod
            assertThat(GridKt._getFormattedRow(_get(Grid.class, s -> s.withId("pods-local")), 0))
                    .contains("Running", "yes", "—");
        } finally {
            fleet.scale(office, "porto-1", replicas, io.meshportal.fleet.Progress.NONE)
                    .get();
        }
    }
}
