package io.meshportal.mesh;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.FactoryReporting;
import io.meshportal.fleet.MeshConfigStatus;
import io.meshportal.fleet.TrafficObjects;
import io.meshportal.fleet.TrafficPort;
import io.meshportal.security.Viewer;
import io.meshportal.support.KaribuTest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * A config cluster that hangs never freezes a session: the Mesh page opens at once and says it is reading; a
 * factory whose telemetry never arrives does not keep the create dialog waiting forever.
 */
@TestPropertySource(properties = "meshportal.fleet.first-telemetry-timeout=1s")
class SlowMeshViewTest extends KaribuTest {

    /** Each test gets a mesh that hangs until it ends (a released latch would let a later test's reads through). */
    static volatile CountDownLatch RELEASE = new CountDownLatch(1);

    /** A mesh whose config cluster accepts connections and never answers; and telemetry that never comes. */
    @TestConfiguration
    static class HungMesh {

        @Bean
        @Primary
        TrafficPort hungTraffic() {
            return new TrafficPort() {
                @Override
                public boolean supported() {
                    return true;
                }

                @Override
                public Map<String, Boolean> meshClusters() {
                    return Map.of("local", true);
                }

                @Override
                public Optional<MeshConfigStatus> configCluster() {
                    return Optional.of(new MeshConfigStatus("hung", MeshConfigStatus.State.READY, null));
                }

                @Override
                public Set<String> versions(FactoryRef factory) {
                    return Set.of("v1");
                }

                @Override
                public TrafficObjects read(FactoryRef factory) {
                    try {
                        RELEASE.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return TrafficObjects.NONE;
                }

                @Override
                public void apply(FactoryRef factory, TrafficObjects objects) {
                    read(factory);
                }

                @Override
                public java.util.List<io.meshportal.fleet.Manifest> manifests(FactoryRef factory) {
                    read(factory);
                    return java.util.List.of();
                }
            };
        }

        @Bean
        @Primary
        FactoryReporting silentFactories() {
            return (Viewer viewer, String factoryId, Runnable then) -> () -> {};
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void hang() {
        RELEASE = new CountDownLatch(1);
    }

    @AfterEach
    void release() {
        RELEASE.countDown();
    }

    @Test
    @org.junit.jupiter.api.Timeout(30) // reading on the UI thread would block here until the latch is released
    void theMeshAndManifestPagesOpenAtOnceWhileTheConfigClusterHangs() {
        signIn("k-office");
        for (String path : new String[] {"mesh", "mesh/berlin-1"}) {
            long started = System.nanoTime();
            UI.getCurrent().navigate(path);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(millis).as(path + " opened in ms").isLessThan(2_000);
            assertThat(_get(Span.class, s -> s.withId("mesh-loading")).getText())
                    .contains("Reading");
            assertThat(_get(Span.class, s -> s.withId("mesh-config-cluster")).getText())
                    .contains("hung");
        }
        // the YAML page reads the mesh's resources too, off the UI thread
        long started = System.nanoTime();
        UI.getCurrent().navigate("manifests/berlin-1");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(millis).as("manifests/berlin-1 opened in ms").isLessThan(2_000);
        assertThat(_get(com.vaadin.flow.component.html.Paragraph.class, s -> s.withId("manifests-source"))
                        .getText())
                .contains("Reading");
    }

    @Test
    void theCreateDialogStopsWaitingForTelemetryThatNeverComes() {
        signIn("k-office");
        io.meshportal.fleet.FleetRoutes.openCreateFactory(UI.getCurrent());
        _get(TextField.class, s -> s.withId("factory-id")).setValue("silent-1");
        _get(TextField.class, s -> s.withId("factory-name")).setValue("Silent Works");
        _get(TextField.class, s -> s.withId("factory-country")).setValue("NO");
        _get(Button.class, s -> s.withId("create-submit")).click();
        Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            MockVaadin.runUIQueue();
            assertThat(_get(Span.class, s -> s.withId("create-step")).getText())
                    .contains("no telemetry reached the portal within 1 s");
        });
        assertThat(_find(Dialog.class, s -> s.withId("create-factory-dialog"))).hasSize(1);
        assertThat(_find(Button.class, s -> s.withId("create-submit")))
                .as("no second create")
                .isEmpty();
    }
}
