package io.meshportal.fleet.kubernetes;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.meshportal.PortalApplication;
import io.meshportal.fleet.FactoryEvent;
import io.meshportal.fleet.FleetService;
import io.meshportal.security.Role;
import io.meshportal.security.TestUsers;
import io.meshportal.security.Viewer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The log page and the factory page's events on the Kubernetes fleet: the portal against a fake API server that holds
 * a factory's Deployment, Pod and events and streams the pod's container log.
 */
class KubernetesViewsTest {

    static final String NS = "factories";
    static final String POD = "factory-kv-1-bcdf2-hjkl4";
    static final Viewer OFFICE = new Viewer("kv-office", Role.OFFICE_MANAGER, null);

    @TempDir
    static Path dir;

    static KubernetesMockServer cluster;
    static ConfigurableApplicationContext portal;

    @BeforeAll
    static void start() throws Exception {
        cluster = MockClusters.crudServer();
        ApiClient client = KubernetesFleetTest.client(cluster);
        Map<String, String> labels = Map.of(
                FactoryLabels.PART_OF, "meshportal",
                FactoryLabels.ROLE, "factory",
                FactoryLabels.FACTORY, "kv-1",
                FactoryLabels.COUNTRY, "NO");
        new AppsV1Api(client)
                .createNamespacedDeployment(
                        NS,
                        new io.kubernetes.client.openapi.models.V1Deployment()
                                .apiVersion("apps/v1")
                                .kind("Deployment")
                                .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta()
                                        .name("factory-kv-1")
                                        .namespace(NS)
                                        .labels(labels))
                                .spec(new io.kubernetes.client.openapi.models.V1DeploymentSpec()
                                        .replicas(1)
                                        .selector(new io.kubernetes.client.openapi.models.V1LabelSelector()
                                                .matchLabels(Map.of(FactoryLabels.FACTORY, "kv-1")))
                                        .template(new io.kubernetes.client.openapi.models.V1PodTemplateSpec()
                                                .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta()
                                                        .labels(Map.of(FactoryLabels.FACTORY, "kv-1")))
                                                .spec(new io.kubernetes.client.openapi.models.V1PodSpec()
                                                        .containers(List.of(
                                                                new io.kubernetes.client.openapi.models.V1Container()
                                                                        .name("factory")
                                                                        .image("x")))))))
                .execute();
        java.util.Map<String, String> podLabels = new java.util.HashMap<>(labels);
        podLabels.put(FactoryLabels.VERSION, "v1");
        new CoreV1Api(client)
                .createNamespacedPod(
                        NS,
                        new io.kubernetes.client.openapi.models.V1Pod()
                                .apiVersion("v1")
                                .kind("Pod")
                                .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta()
                                        .name(POD)
                                        .namespace(NS)
                                        .labels(podLabels))
                                .status(new io.kubernetes.client.openapi.models.V1PodStatus().phase("Running")))
                .execute();
        new CoreV1Api(client)
                .createNamespacedEvent(
                        NS,
                        new io.kubernetes.client.openapi.models.CoreV1Event()
                                .apiVersion("v1")
                                .kind("Event")
                                .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta()
                                        .name(POD + ".1")
                                        .namespace(NS))
                                .involvedObject(new io.kubernetes.client.openapi.models.V1ObjectReference()
                                        .kind("Pod")
                                        .name(POD)
                                        .namespace(NS))
                                .type("Warning")
                                .reason("BackOff")
                                .message("Back-off restarting failed container factory")
                                .count(4)
                                .lastTimestamp(java.time.OffsetDateTime.now()))
                .execute();
        // the pod's log, as the API server streams it for kubectl logs -f --timestamps --tail=200
        cluster.expect()
                .get()
                .withPath(
                        "/api/v1/namespaces/factories/pods/" + POD
                                + "/log?container=factory&follow=true&pretty=false&previous=false&tailLines=200&timestamps=true")
                .andReturn(
                        200,
                        "2026-11-27T08:00:00.000000001Z INFO factory kv-1 serving API v1 on port 8080\n"
                                + "2026-11-27T08:00:01.000000001Z WARN GET /nothing -> 404 in 0 ms\n")
                .always();
        Path kubeconfig =
                MockClusters.kubeconfig(dir, Map.of("oslo", cluster.url("/").replaceAll("/$", "")));
        portal = new SpringApplicationBuilder(PortalApplication.class)
                .run(
                        "--server.port=0",
                        "--meshportal.data.dir=" + dir.resolve("data"),
                        "--meshportal.fleet.mode=kubernetes",
                        "--meshportal.kubernetes.kubeconfig=" + kubeconfig);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> portal.getBean(FleetService.class)
                .exists("kv-1"));
    }

    @AfterAll
    static void stop() {
        if (portal != null) {
            portal.close();
        }
        cluster.destroy();
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
        TestUsers.signOut();
    }

    @Test
    void thePodsLogIsFollowedOnTheLogPage() {
        signIn();
        UI.getCurrent().navigate("logs/kv-1");
        Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(15)).until(() -> {
            MockVaadin.clientRoundtrip(false);
            return _get(Div.class, s -> s.withId("logs-lines")).getChildren().count() >= 2;
        });
        List<String> lines = _get(Div.class, s -> s.withId("logs-lines"))
                .getChildren()
                .map(c -> ((Div) c).getText())
                .toList();
        assertThat(lines)
                .containsExactly(
                        "2026-11-27T08:00:00.000000001Z INFO factory kv-1 serving API v1 on port 8080",
                        "2026-11-27T08:00:01.000000001Z WARN GET /nothing -> 404 in 0 ms");
        assertThat(_find(com.vaadin.flow.component.combobox.ComboBox.class, s -> s.withId("logs-replica")))
                .singleElement()
                .satisfies(c -> assertThat(((io.meshportal.fleet.LogSource) c.getValue()).name())
                        .isEqualTo(POD));
        // the fake server ends the stream after those lines: resumed, and said so
        Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(15)).until(() -> {
            MockVaadin.clientRoundtrip(false);
            return _get(Span.class, s -> s.withId("logs-status")).getText().startsWith("Stream");
        });
    }

    @Test
    void theFactoryPageShowsItsPodsEvents() {
        signIn();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !portal.getBean(FleetService.class)
                .events(OFFICE, "kv-1")
                .isEmpty());
        UI.getCurrent().navigate("factories/kv-1");
        @SuppressWarnings("unchecked")
        Grid<FactoryEvent> grid = _get(Grid.class, s -> s.withId("event-grid"));
        assertThat(grid.getGenericDataView().getItems().toList())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(FactoryEvent.Type.WARNING);
                    assertThat(e.reason()).isEqualTo("BackOff");
                    assertThat(e.object()).isEqualTo("Pod/" + POD);
                    assertThat(e.count()).isEqualTo(4);
                });
    }

    private static void signIn() {
        TestUsers users = portal.getBean(TestUsers.class);
        users.ensure("kv-office", "irrelevant-password-kv", Role.OFFICE_MANAGER, null);
        users.signIn("kv-office");
        io.meshportal.support.KaribuTest.start(portal);
    }
}
