package io.meshportal.fleet.kubernetes;

import static io.meshportal.fleet.kubernetes.KubernetesFleetTest.NS;
import static io.meshportal.fleet.kubernetes.KubernetesFleetTest.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.MeshConfigStatus;
import io.meshportal.fleet.MtlsMode;
import io.meshportal.fleet.TrafficObjects;
import io.meshportal.fleet.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-cluster path against fake API servers: a config cluster (the portal's, with Istio) and two country
 * clusters. Clusters follow the kubeconfig file; mesh objects live only in the config cluster; a factory id in
 * two clusters is shown once and flagged; metrics that are missing are absent, not zero.
 */
class MultiClusterTest {

    @TempDir
    Path dir;

    KubernetesMockServer portal;
    KubernetesMockServer de;
    KubernetesMockServer fr;
    Clusters clusters;
    ConfigCluster config;
    KubernetesFleet fleet;
    KubernetesTraffic traffic;

    static KubernetesProperties properties(Path kubeconfig, List<String> contexts) {
        return new KubernetesProperties(
                kubeconfig.toString(),
                contexts,
                false,
                NS,
                "img",
                "cluster.local",
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofMillis(200));
    }

    @BeforeEach
    void start() {
        portal = MockClusters.crudServer();
        TestClusters.withIstio(portal);
        de = MockClusters.crudServer();
        fr = MockClusters.crudServer();
    }

    @AfterEach
    void stop() {
        if (clusters != null) {
            clusters.close();
        }
        if (config != null) {
            config.close();
        }
        portal.destroy();
        de.destroy();
        fr.destroy();
    }

    private Path kubeconfig(Map<String, String> servers) throws Exception {
        Path file = MockClusters.kubeconfig(dir, servers);
        return file;
    }

    private static String url(KubernetesMockServer server) {
        return server.url("/").replaceAll("/$", "");
    }

    /** The portal as configured for several countries: countries from the kubeconfig, config cluster "portal". */
    private void startPortal(Path file, List<String> countries) {
        KubernetesProperties properties = properties(file, countries);
        clusters = new Clusters(List.of(), properties, () -> {});
        clusters.watch(file, countries, (context, f) -> ClusterLoader.cluster(context, f, properties));
        clusters.start();
        config = ClusterLoader.configCluster(properties, new MeshProperties("portal"));
        config.refresh();
        fleet = new KubernetesFleet(clusters, config, properties, Clock.systemUTC());
        traffic = fleet.traffic();
    }

    @Test
    void clustersComeAndGoWithTheKubeconfigFileAndABrokenContextIsShownWithItsReason() throws Exception {
        Map<String, String> servers = new LinkedHashMap<>();
        servers.put("portal", url(portal));
        servers.put("de", url(de));
        Path file = kubeconfig(servers);
        startPortal(file, List.of());
        clusters.refreshNow();
        assertThat(fleet.clusters()).extracting(ClusterInfo::name).containsExactly("de", "portal");

        // a new country: the mounted Secret is rewritten in place (here: the file), no restart
        servers.put("fr", url(fr));
        Path next = MockClusters.kubeconfig(Files.createDirectories(dir.resolve("next")), servers);
        String broken = Files.readString(next)
                .replace(
                        "contexts:\n",
                        "contexts:\n- name: lost\n  context:\n" + "    cluster: nowhere\n    user: nobody\n");
        Files.writeString(file, broken);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fleet.clusters())
                .extracting(ClusterInfo::name)
                .contains("fr", "lost"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fleet.clusters().stream()
                        .filter(c -> c.name().equals("fr"))
                        .findFirst()
                        .orElseThrow()
                        .status())
                .isEqualTo(ClusterInfo.Status.REACHABLE));
        ClusterInfo lost = fleet.clusters().stream()
                .filter(c -> c.name().equals("lost"))
                .findFirst()
                .orElseThrow();
        assertThat(lost.status()).isEqualTo(ClusterInfo.Status.UNREACHABLE);
        assertThat(lost.message()).startsWith("kubeconfig:");

        // a country removed: its cluster goes, the others stay
        servers.remove("de");
        Files.writeString(
                file, Files.readString(MockClusters.kubeconfig(Files.createDirectories(dir.resolve("last")), servers)));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fleet.clusters())
                .extracting(ClusterInfo::name)
                .containsExactly("fr", "portal"));
    }

    @Test
    void aFactoryIdInTwoClustersIsShownOnceAlwaysFromTheSameClusterAndFlagged() throws Exception {
        new AppsV1Api(client(de))
                .createNamespacedDeployment(NS, TestClusters.factoryDeployment("twin-1", "DE"))
                .execute();
        new AppsV1Api(client(fr))
                .createNamespacedDeployment(NS, TestClusters.factoryDeployment("twin-1", "FR"))
                .execute();
        startPortal(kubeconfig(Map.of("portal", url(portal), "de", url(de), "fr", url(fr))), List.of("de", "fr"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fleet.clusters().stream()
                .anyMatch(c -> !c.warnings().isEmpty()));
        for (int read = 0; read < 20; read++) {
            assertThat(fleet.factories())
                    .filteredOn(f -> f.id().equals("twin-1"))
                    .singleElement()
                    .extracting(FactoryRef::cluster)
                    .isEqualTo("de");
        }
        assertThat(fleet.workloads())
                .filteredOn(w -> w.factoryId().equals("twin-1"))
                .hasSize(1);
        ClusterInfo frInfo = fleet.clusters().stream()
                .filter(c -> c.name().equals("fr"))
                .findFirst()
                .orElseThrow();
        assertThat(frInfo.warnings())
                .singleElement()
                .asString()
                .contains("twin-1")
                .contains("cluster de");
    }

    @Test
    void podsAndNodesWithoutMetricsShowAbsentNotZeroAndPodsTellWhatAListShows() throws Exception {
        CoreV1Api core = new CoreV1Api(client(de));
        core.createNode(new V1Node()
                        .apiVersion("v1")
                        .kind("Node")
                        .metadata(new V1ObjectMeta().name("de-node-1"))
                        .status(new V1NodeStatus()
                                .capacity(Map.of("cpu", Quantity.fromString("4"), "memory", Quantity.fromString("8Gi")))
                                .conditions(List.of(
                                        new V1NodeCondition().type("Ready").status("True"),
                                        new V1NodeCondition()
                                                .type("MemoryPressure")
                                                .status("True")))))
                .execute();
        V1Deployment d = TestClusters.factoryDeployment("kiel-1", "DE");
        new AppsV1Api(client(de)).createNamespacedDeployment(NS, d).execute();
        core.createNamespacedPod(
                        NS,
                        new V1Pod()
                                .apiVersion("v1")
                                .kind("Pod")
                                .metadata(new V1ObjectMeta()
                                        .name("factory-kiel-1-x")
                                        .namespace(NS)
                                        .labels(d.getSpec()
                                                .getTemplate()
                                                .getMetadata()
                                                .getLabels()))
                                .spec(new V1PodSpec()
                                        .nodeName("de-node-1")
                                        .containers(List.of(d.getSpec()
                                                .getTemplate()
                                                .getSpec()
                                                .getContainers()
                                                .getFirst())))
                                .status(new V1PodStatus()
                                        .phase("Running")
                                        .startTime(OffsetDateTime.now().minusMinutes(5))))
                .execute();
        startPortal(kubeconfig(Map.of("portal", url(portal), "de", url(de))), List.of("de"));
        clusters.refreshNow(); // the fake servers have no metrics API
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> fleet.workloads().stream()
                                .anyMatch(w -> w.factoryId().equals("kiel-1")
                                        && !w.replicas().isEmpty())
                        && fleet.clusters().stream().anyMatch(c -> !c.nodes().isEmpty()));
        ClusterInfo deInfo = fleet.clusters().getFirst();
        assertThat(deInfo.nodes()).singleElement().satisfies(n -> {
            assertThat(n.cpuCores()).isEqualTo(4);
            assertThat(n.cpuUsedCores()).isNull();
            assertThat(n.memoryUsedBytes()).isNull();
            assertThat(n.conditions()).containsExactly("MemoryPressure");
        });
        Workload kiel = fleet.workloads().stream()
                .filter(w -> w.factoryId().equals("kiel-1"))
                .findFirst()
                .orElseThrow();
        assertThat(kiel.cpuCores()).isNull();
        assertThat(kiel.memoryBytes()).isNull();
        assertThat(kiel.replicas()).singleElement().satisfies(pod -> {
            assertThat(pod.phase()).isEqualTo("Running");
            assertThat(pod.node()).isEqualTo("de-node-1");
            assertThat(pod.version()).isEqualTo("v1");
            assertThat(pod.startedAt()).isNotNull();
            assertThat(pod.cpuCores()).isNull();
            assertThat(pod.memoryBytes()).isNull();
        });
    }

    @Test
    void meshObjectsAreWrittenAndReadInTheConfigClusterOnly() throws Exception {
        new AppsV1Api(client(de))
                .createNamespacedDeployment(NS, TestClusters.factoryDeployment("bonn-2", "DE"))
                .execute();
        startPortal(kubeconfig(Map.of("portal", url(portal), "de", url(de))), List.of("de"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.factories()
                .isEmpty());
        FactoryRef bonn = fleet.factories().getFirst();
        assertThat(bonn.namespace()).isEqualTo(NS);
        assertThat(traffic.configCluster()).hasValueSatisfying(s -> {
            assertThat(s.cluster()).isEqualTo("portal");
            assertThat(s.state()).isEqualTo(MeshConfigStatus.State.READY);
        });
        assertThat(traffic.versions(bonn)).containsExactly("v1");
        TrafficObjects objects = new TrafficObjects(
                new TrafficObjects.Routing(
                        Duration.ofSeconds(2),
                        new TrafficObjects.Retries(2, Duration.ofMillis(500), "5xx"),
                        List.of(new TrafficObjects.WeightedSubset("stable", 100))),
                new TrafficObjects.Destination(
                        10, 10, 5, Duration.ofSeconds(30), true, List.of(new TrafficObjects.Subset("stable", "v1"))),
                new TrafficObjects.PeerAuthentication(MtlsMode.STRICT),
                null,
                "note");
        traffic.apply(bonn, objects);
        assertThat(traffic.read(bonn)).isEqualTo(objects);
        for (String plural : List.of("virtualservices", "destinationrules")) {
            assertThat(names(portal, IstioWire.NETWORKING, plural)).containsExactly("factory-bonn-2");
            assertThat(names(de, IstioWire.NETWORKING, plural)).isEmpty();
        }
        assertThat(names(portal, IstioWire.SECURITY, "peerauthentications")).containsExactly("factory-bonn-2");
        assertThat(names(de, IstioWire.SECURITY, "peerauthentications")).isEmpty();

        traffic.apply(bonn, TrafficObjects.NONE);
        assertThat(names(portal, IstioWire.NETWORKING, "virtualservices")).isEmpty();
    }

    @Test
    void aConfigClusterWithoutIstiosApisIsReportedNotThrown() throws Exception {
        KubernetesMockServer plain = MockClusters.crudServer();
        // no Istio installed: the API server does not serve networking.istio.io/v1 (404, as a real one answers)
        plain.expect()
                .get()
                .withPath("/apis/networking.istio.io/v1")
                .andReturn(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404}")
                .always();
        try {
            new AppsV1Api(client(de))
                    .createNamespacedDeployment(NS, TestClusters.factoryDeployment("ulm-1", "DE"))
                    .execute();
            Path file = kubeconfig(Map.of("portal", url(plain), "de", url(de)));
            KubernetesProperties properties = properties(file, List.of("de"));
            clusters = new Clusters(ClusterLoader.load(properties), properties, () -> {});
            clusters.start();
            config = ClusterLoader.configCluster(properties, new MeshProperties("portal"));
            config.refresh();
            fleet = new KubernetesFleet(clusters, config, properties, Clock.systemUTC());
            traffic = fleet.traffic();
            assertThat(config.status().state()).isEqualTo(MeshConfigStatus.State.NO_ISTIO);
            assertThat(config.status().message())
                    .contains("networking.istio.io")
                    .contains("portal");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.factories()
                    .isEmpty());
            assertThatThrownBy(() -> traffic.read(fleet.factories().getFirst()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("networking.istio.io");
            // a context that is not in the kubeconfig: unusable with its reason, never a failed start
            assertThatThrownBy(() -> ClusterLoader.configCluster(properties, new MeshProperties("elsewhere")))
                    .hasMessageContaining("elsewhere");
        } finally {
            plain.destroy();
        }
    }

    @Test
    void anAutoscalerOfAFactoryWithoutCountryGetsNoMadeUpCountryLabel() throws Exception {
        V1Deployment d = TestClusters.factoryDeployment("noland-1", "DE");
        d.getMetadata().getLabels().remove(FactoryLabels.COUNTRY);
        new AppsV1Api(client(de)).createNamespacedDeployment(NS, d).execute();
        startPortal(kubeconfig(Map.of("portal", url(portal), "de", url(de))), List.of("de"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.factories()
                .isEmpty());
        fleet.autoscale("noland-1", new Autoscaling(1, 3));
        var hpa = new AutoscalingV2Api(client(de))
                .readNamespacedHorizontalPodAutoscaler("factory-noland-1", NS)
                .execute();
        assertThat(hpa.getMetadata().getLabels())
                .doesNotContainKey(FactoryLabels.COUNTRY)
                .containsEntry(FactoryLabels.FACTORY, "noland-1");
        hpa.getMetadata().getLabels().values().forEach(v -> assertThat(v).matches(MeshSemantics.LABEL_VALUE));
    }

    @Test
    void meshPresenceIsForgottenWhenAClusterStopsAnswering() throws Exception {
        KubernetesMockServer it = MockClusters.crudServer();
        TestClusters.withIstio(it);
        Path file = kubeconfig(Map.of("it", url(it)));
        ClusterClient cluster = ClusterLoader.cluster("it", file, properties(file, List.of()));
        try {
            cluster.probe();
            cluster.refreshDetails();
            assertThat(cluster.meshEnabled()).isTrue();
            it.destroy();
            cluster.probe();
            assertThat(cluster.status()).isEqualTo(ClusterInfo.Status.UNREACHABLE);
            assertThat(cluster.meshEnabled())
                    .as("unknown while it does not answer")
                    .isFalse();
        } finally {
            cluster.close();
        }
    }

    @Test
    void newFactoriesCarryIstiosAppAndVersionLabelsOnTheirPods() {
        V1Deployment d = FactoryResources.deployment(
                new io.meshportal.fleet.NewFactory(
                        "gent-3", "Gent", "BE", "be", io.meshportal.fleet.ProductMix.TABLES, 1, 1),
                NS,
                "img");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app", "factory-gent-3")
                .containsEntry("version", "v1");
        // the selector stays without the version: one Deployment per version, each selecting its own pods
        assertThat(d.getSpec().getSelector().getMatchLabels()).doesNotContainKey("version");
    }

    @SuppressWarnings("unchecked")
    static List<String> names(KubernetesMockServer server, String group, String plural) throws Exception {
        Map<String, Object> list = (Map<String, Object>) new CustomObjectsApi(client(server))
                .listNamespacedCustomObject(group, IstioWire.VERSION, NS, plural)
                .execute();
        return ((List<Map<String, Object>>) list.getOrDefault("items", List.of()))
                .stream()
                        .map(i -> String.valueOf(((Map<String, Object>) i.get("metadata")).get("name")))
                        .toList();
    }
}
