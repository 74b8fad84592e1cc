package io.meshportal.fleet.kubernetes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.PatchUtils;
import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.ProductMix;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Workload;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter against fake API servers: two healthy clusters (fabric8 mock, CRUD), one exact-request stub
 * (WireMock: scale subresource, metrics), one that answers 401 and one that is not there at all.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class KubernetesFleetTest {

    static final String NS = "factories";
    static final String TEST_AGENT = "meshportal-test-setup";
    static KubernetesMockServer de;
    static KubernetesMockServer fr;
    static WireMockServer stub;
    static WireMockServer unauthorized;
    static WireMockServer failing;
    static WireMockServer slow;
    static Clusters clusters;
    /** How often the clusters said "something changed" (informer events, status, readings). */
    static final java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();

    static KubernetesFleet fleet;
    static ScheduledExecutorService fakeController = Executors.newSingleThreadScheduledExecutor();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        de = MockClusters.crudServer();
        fr = MockClusters.crudServer();
        stub = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        stub.start();
        stubCluster();
        unauthorized = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        unauthorized.start();
        unauthorized.stubFor(
                any(anyUrl())
                        .willReturn(
                                aResponse()
                                        .withStatus(401)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Unauthorized\",\"code\":401}")));
        failing = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        failing.start();
        failing.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
        slow = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        slow.start();
        slow.stubFor(any(anyUrl()).willReturn(okJson(MockClusters.VERSION).withFixedDelay(6_000))); // > 2 s timeout
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> servers = new LinkedHashMap<>();
        servers.put("de", de.url("/").replaceAll("/$", ""));
        servers.put("fr", fr.url("/").replaceAll("/$", ""));
        servers.put("stub", "http://127.0.0.1:" + stub.port());
        servers.put("unauthorized", "http://127.0.0.1:" + unauthorized.port());
        servers.put("down", "http://127.0.0.1:" + closedPort);
        servers.put("failing", "http://127.0.0.1:" + failing.port());
        servers.put("slow", "http://127.0.0.1:" + slow.port());
        Path kubeconfig = MockClusters.kubeconfig(dir, servers);
        KubernetesProperties properties = new KubernetesProperties(
                kubeconfig.toString(),
                List.of(),
                false,
                NS,
                "meshportal/factory:test",
                "cluster.local",
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                Duration.ofSeconds(20),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        clusters = new Clusters(ClusterLoader.load(properties), properties, () -> changes.incrementAndGet());
        fleet = new KubernetesFleet(
                clusters, ConfigCluster.unusable("none", "not used here"), properties, Clock.systemUTC());
        clusters.start();
        // No controllers in a fake API server: play the Deployment controller for cluster "fr".
        fakeController.scheduleWithFixedDelay(() -> markAvailable(fr), 200, 200, TimeUnit.MILLISECONDS);
    }

    @AfterAll
    static void stop() {
        fakeController.shutdownNow();
        clusters.close();
        de.destroy();
        fr.destroy();
        stub.stop();
        unauthorized.stop();
        failing.stop();
        slow.stop();
    }

    static ApiClient client(KubernetesMockServer server) {
        try {
            ApiClient c = ClientBuilder.standard()
                    .setBasePath(server.url("/").replaceAll("/$", ""))
                    .build();
            c.setUserAgent(TEST_AGENT); // the test's own set-up calls are told apart from the adapter's
            return c;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void markAvailable(KubernetesMockServer server) {
        try {
            ApiClient c = client(server);
            for (V1Deployment d :
                    new AppsV1Api(c).listNamespacedDeployment(NS).execute().getItems()) {
                Long generation = d.getMetadata().getGeneration();
                if (d.getStatus() == null
                        || d.getStatus().getAvailableReplicas() == null
                        || d.getStatus().getUpdatedReplicas() == null
                        || (generation != null
                                && !generation.equals(d.getStatus().getObservedGeneration()))) {
                    // one replica up and updated, the change seen: what a rollout waits for
                    String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"availableReplicas\":1,"
                            + "\"readyReplicas\":1,\"replicas\":1,\"updatedReplicas\":1"
                            + (generation == null ? "" : ",\"observedGeneration\":" + generation)
                            + "}}]";
                    PatchUtils.patch(
                            V1Deployment.class,
                            () -> new AppsV1Api(c)
                                    .patchNamespacedDeployment(d.getMetadata().getName(), NS, new V1Patch(patch))
                                    .buildCall(null),
                            V1Patch.PATCH_FORMAT_JSON_PATCH,
                            c);
                }
            }
        } catch (Exception ignored) {
            // the next round retries
        }
    }

    static void stubCluster() {
        String deployment =
                """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"factory-oslo-1","namespace":"factories",
                 "resourceVersion":"7","labels":{"app.kubernetes.io/part-of":"meshportal","meshportal.io/role":"factory",
                 "meshportal.io/factory":"oslo-1","meshportal.io/country":"NO"}},
                 "spec":{"replicas":2,"selector":{"matchLabels":{"meshportal.io/factory":"oslo-1"}},
                  "template":{"metadata":{"labels":{"meshportal.io/factory":"oslo-1"}},"spec":{"containers":[{"name":"factory","image":"x"}]}}},
                 "status":{"readyReplicas":2,"availableReplicas":2}}""";
        String pod =
                """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"factory-oslo-1-abc","namespace":"factories","resourceVersion":"8",
                 "labels":{"app.kubernetes.io/part-of":"meshportal","meshportal.io/role":"factory","meshportal.io/factory":"oslo-1"}},
                 "status":{"podIP":"10.1.0.5","conditions":[{"type":"Ready","status":"True"}]}}""";
        stub.stubFor(get(urlPathEqualTo("/version/")).willReturn(okJson(MockClusters.VERSION)));
        stub.stubFor(get(urlPathEqualTo("/apis/apps/v1/namespaces/factories/deployments"))
                .willReturn(okJson(
                        "{\"apiVersion\":\"apps/v1\",\"kind\":\"DeploymentList\",\"metadata\":{\"resourceVersion\":\"10\"},\"items\":["
                                + deployment + "]}")));
        stub.stubFor(get(urlPathEqualTo("/api/v1/namespaces/factories/pods"))
                .willReturn(okJson(
                        "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"10\"},\"items\":["
                                + pod + "]}")));
        // events of oslo-1's Deployment, ReplicaSet and Pod, of another factory whose name starts the same, and of
        // something else in the namespace
        stub.stubFor(
                get(urlPathEqualTo("/api/v1/namespaces/factories/events"))
                        .willReturn(
                                okJson(
                                        """
                {"apiVersion":"v1","kind":"EventList","metadata":{"resourceVersion":"10"},"items":[
                 {"metadata":{"name":"e1","namespace":"factories","resourceVersion":"11"},"type":"Normal","reason":"ScalingReplicaSet",
                  "message":"Scaled up replica set factory-oslo-1-7d9f5c6b8 to 2","count":1,"lastTimestamp":"2026-01-01T00:00:01Z",
                  "involvedObject":{"kind":"Deployment","name":"factory-oslo-1","namespace":"factories"}},
                 {"metadata":{"name":"e2","namespace":"factories","resourceVersion":"12"},"type":"Warning","reason":"BackOff",
                  "message":"Back-off restarting failed container factory","count":7,"lastTimestamp":"2026-01-01T00:00:03Z",
                  "involvedObject":{"kind":"Pod","name":"factory-oslo-1-7d9f5c6b8-x2xzp","namespace":"factories"}},
                 {"metadata":{"name":"e3","namespace":"factories","resourceVersion":"13"},"type":"Normal","reason":"SuccessfulCreate",
                  "message":"Created pod: factory-oslo-1-7d9f5c6b8-x2xzp","count":1,"lastTimestamp":"2026-01-01T00:00:02Z",
                  "involvedObject":{"kind":"ReplicaSet","name":"factory-oslo-1-7d9f5c6b8","namespace":"factories"}},
                 {"metadata":{"name":"e4","namespace":"factories","resourceVersion":"14"},"type":"Warning","reason":"FailedScheduling",
                  "message":"0/1 nodes are available","count":1,"lastTimestamp":"2026-01-01T00:00:04Z",
                  "involvedObject":{"kind":"Deployment","name":"factory-oslo-1-westside","namespace":"factories"}},
                 {"metadata":{"name":"e5","namespace":"factories","resourceVersion":"15"},"type":"Normal","reason":"Pulled",
                  "message":"not ours","count":1,"lastTimestamp":"2026-01-01T00:00:05Z",
                  "involvedObject":{"kind":"Pod","name":"billing-5c6b8-bbbbb","namespace":"factories"}}]}""")));
        stub.stubFor(
                get(urlPathEqualTo("/api/v1/namespaces/factories/services"))
                        .willReturn(
                                okJson(
                                        "{\"apiVersion\":\"v1\",\"kind\":\"ServiceList\",\"metadata\":{\"resourceVersion\":\"10\"},\"items\":[]}")));
        stub.stubFor(
                get(urlPathEqualTo("/apis/autoscaling/v2/namespaces/factories/horizontalpodautoscalers"))
                        .willReturn(
                                okJson(
                                        "{\"apiVersion\":\"autoscaling/v2\",\"kind\":\"HorizontalPodAutoscalerList\",\"metadata\":{\"resourceVersion\":\"10\"},\"items\":[]}")));
        stub.stubFor(
                get(urlPathEqualTo("/api/v1/nodes"))
                        .willReturn(
                                okJson(
                                        """
                {"apiVersion":"v1","kind":"NodeList","metadata":{"resourceVersion":"10"},"items":[{"apiVersion":"v1","kind":"Node",
                 "metadata":{"name":"node-a","resourceVersion":"3"},"status":{"capacity":{"cpu":"4","memory":"8Gi"},
                 "conditions":[{"type":"Ready","status":"True"}]}}]}""")));
        stub.stubFor(
                get(urlPathEqualTo("/apis/metrics.k8s.io/v1beta1/nodes"))
                        .willReturn(
                                okJson(
                                        """
                {"kind":"NodeMetricsList","apiVersion":"metrics.k8s.io/v1beta1","metadata":{},"items":[
                 {"metadata":{"name":"node-a"},"timestamp":"2026-01-01T00:00:00Z","window":"10s","usage":{"cpu":"500m","memory":"1Gi"}}]}""")));
        stub.stubFor(
                get(urlPathEqualTo("/apis/metrics.k8s.io/v1beta1/namespaces/factories/pods"))
                        .willReturn(
                                okJson(
                                        """
                {"kind":"PodMetricsList","apiVersion":"metrics.k8s.io/v1beta1","metadata":{},"items":[
                 {"metadata":{"name":"factory-oslo-1-abc","namespace":"factories"},"timestamp":"2026-01-01T00:00:00Z","window":"10s",
                  "containers":[{"name":"factory","usage":{"cpu":"25m","memory":"64Mi"}}]}]}""")));
        stub.stubFor(get(urlPathEqualTo("/apis/apps/v1/namespaces/factories/deployments/factory-oslo-1"))
                .willReturn(okJson(deployment)));
        stub.stubFor(patch(urlPathEqualTo("/apis/apps/v1/namespaces/factories/deployments/factory-oslo-1"))
                .willReturn(okJson(deployment)));
        stub.stubFor(
                patch(urlEqualTo("/apis/apps/v1/namespaces/factories/deployments/factory-oslo-1/scale"))
                        .willReturn(
                                okJson(
                                        "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{\"name\":\"factory-oslo-1\"},\"spec\":{\"replicas\":5}}")));
    }

    @Test
    void everyContextIsAClusterAndBrokenOnesAreMarkedWithoutBlockingTheOthers() {
        long started = System.nanoTime();
        clusters.refreshNow();
        Map<String, ClusterInfo> clusters = new LinkedHashMap<>();
        fleet.clusters().forEach(c -> clusters.put(c.name(), c));
        assertThat(clusters).containsOnlyKeys("de", "fr", "stub", "unauthorized", "down", "failing", "slow");
        assertThat(clusters.get("failing").status()).isEqualTo(ClusterInfo.Status.UNREACHABLE);
        assertThat(clusters.get("failing").message()).isEqualTo("HTTP 500");
        assertThat(clusters.get("slow").status()).isEqualTo(ClusterInfo.Status.UNREACHABLE);
        assertThat(clusters.get("slow").message()).containsIgnoringCase("timeout");
        assertThat(clusters.get("de").status()).isEqualTo(ClusterInfo.Status.REACHABLE);
        assertThat(clusters.get("stub").status()).isEqualTo(ClusterInfo.Status.REACHABLE);
        assertThat(clusters.get("unauthorized").status()).isEqualTo(ClusterInfo.Status.UNAUTHORIZED);
        assertThat(clusters.get("unauthorized").message()).contains("401");
        assertThat(clusters.get("down").status()).isEqualTo(ClusterInfo.Status.UNREACHABLE);
        assertThat(clusters.get("down").message()).isNotBlank();
        // sequential refresh of 7 clusters, one of them hanging: bounded by the 2 s request timeout
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        // reads never touch the network
        long read = System.nanoTime();
        fleet.clusters();
        fleet.workloads();
        fleet.factories();
        assertThat(Duration.ofNanos(System.nanoTime() - read)).isLessThan(Duration.ofMillis(200));
    }

    @Test
    void factoriesDeployedByOthersAreDiscoveredByLabelWithMetrics() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fleet.factories().stream()
                .anyMatch(f -> f.id().equals("oslo-1")));
        clusters.refreshNow();
        FactoryRef oslo = fleet.factories().stream()
                .filter(f -> f.id().equals("oslo-1"))
                .findFirst()
                .orElseThrow();
        assertThat(oslo.cluster()).isEqualTo("stub");
        assertThat(oslo.country()).isEqualTo("NO");
        assertThat(oslo.telemetryUrl()).hasToString("http://factory-oslo-1.factories.svc.cluster.local:8080/");
        Workload w = fleet.workloads().stream()
                .filter(x -> x.factoryId().equals("oslo-1"))
                .findFirst()
                .orElseThrow();
        assertThat(w.desiredReplicas()).isEqualTo(2);
        assertThat(w.readyReplicas()).isEqualTo(2);
        assertThat(w.cpuCores()).isEqualTo(0.025);
        assertThat(w.memoryBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(w.replicas()).singleElement().satisfies(r -> assertThat(r.ready())
                .isTrue());
        ClusterInfo stubCluster = fleet.clusters().stream()
                .filter(c -> c.name().equals("stub"))
                .findFirst()
                .orElseThrow();
        assertThat(stubCluster.nodes()).singleElement().satisfies(n -> {
            assertThat(n.cpuCores()).isEqualTo(4);
            assertThat(n.cpuUsedCores()).isEqualTo(0.5);
            assertThat(n.memoryUsedBytes()).isEqualTo(1024L * 1024 * 1024);
        });
    }

    static final String POD_LOG = "/api/v1/namespaces/factories/pods/factory-oslo-1-abc/log";

    /** The pod's log as the API server streams it with timestamps; then, resumed, from the second of the last line. */
    static void stubLogs() {
        stub.resetScenarios();
        stub.stubFor(get(urlPathEqualTo(POD_LOG))
                .inScenario("log")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/plain")
                        .withBody("2026-11-27T08:00:00.000000001Z INFO one\n"
                                + "2026-11-27T08:00:01.000000001Z WARN two\n"))
                .willSetStateTo("resumed"));
        stub.stubFor(get(urlPathEqualTo(POD_LOG))
                .inScenario("log")
                .whenScenarioStateIs("resumed")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/plain")
                        .withBody("2026-11-27T08:00:01.000000001Z WARN two\n"
                                + "2026-11-27T08:00:02.000000001Z INFO three\n"))
                .willSetStateTo("gone"));
        stub.stubFor(get(urlPathEqualTo(POD_LOG))
                .inScenario("log")
                .whenScenarioStateIs("gone")
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                                + "\"reason\":\"NotFound\",\"code\":404}")));
    }

    /** Records what a log follower is told. */
    static final class LogRecorder implements io.meshportal.fleet.LogListener {
        final List<io.meshportal.fleet.LogLine> lines = new CopyOnWriteArrayList<>();
        final List<String> interruptions = new CopyOnWriteArrayList<>();
        final List<String> ended = new CopyOnWriteArrayList<>();

        @Override
        public void lines(List<io.meshportal.fleet.LogLine> added) {
            lines.addAll(added);
        }

        @Override
        public void interrupted(String reason) {
            interruptions.add(reason);
        }

        @Override
        public void ended(String reason) {
            ended.add(reason);
        }
    }

    /**
     * A pod's log is followed through the API server with tail lines and timestamps; when the stream closes it is
     * resumed from the last line's second without repeating a line, and it ends, said, when the pod is gone.
     */
    @Test
    void aPodsLogIsFollowedResumedWithoutRepeatsAndEndsWhenThePodIsGone() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !fleet.logSources("oslo-1")
                .isEmpty());
        assertThat(fleet.logSources("oslo-1"))
                .extracting(io.meshportal.fleet.LogSource::name)
                .containsExactly("factory-oslo-1-abc");
        stubLogs();
        LogRecorder recorder = new LogRecorder();
        Runnable stop =
                fleet.followLog("oslo-1", "factory-oslo-1-abc", new io.meshportal.fleet.LogQuery(50, null), recorder);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !recorder.ended.isEmpty());
        } finally {
            stop.run();
        }
        assertThat(recorder.lines)
                .extracting(io.meshportal.fleet.LogLine::text)
                .containsExactly("INFO one", "WARN two", "INFO three");
        assertThat(recorder.lines.getFirst().at()).isEqualTo(java.time.Instant.parse("2026-11-27T08:00:00.000000001Z"));
        assertThat(recorder.interruptions).isNotEmpty();
        assertThat(recorder.ended).containsExactly("The pod is gone");
        // first the tail, with timestamps, following; then resumed by time, without a tail
        stub.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(POD_LOG))
                .withQueryParam("follow", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true"))
                .withQueryParam("timestamps", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true"))
                .withQueryParam("container", com.github.tomakehurst.wiremock.client.WireMock.equalTo("factory"))
                .withQueryParam("tailLines", com.github.tomakehurst.wiremock.client.WireMock.equalTo("50")));
        stub.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(POD_LOG))
                .withQueryParam("sinceSeconds", com.github.tomakehurst.wiremock.client.WireMock.matching("[0-9]+"))
                .withQueryParam("tailLines", com.github.tomakehurst.wiremock.client.WireMock.absent()));
    }

    /** Only the factory's own pods: a pod name from a caller cannot read another workload's log. */
    @Test
    void anotherWorkloadsPodLogIsRefused() {
        assertThatThrownBy(() -> fleet.followLog(
                        "oslo-1", "kube-apiserver-0", io.meshportal.fleet.LogQuery.DEFAULT, new LogRecorder()))
                .isInstanceOf(java.util.NoSuchElementException.class);
    }

    /** A factory's events are its Deployment's, ReplicaSets' and Pods', newest first; no other workload's. */
    @Test
    void eventsOfTheFactorysOwnObjectsNewestFirst() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> fleet.events("oslo-1").size() == 3);
        List<io.meshportal.fleet.FactoryEvent> events = fleet.events("oslo-1");
        assertThat(events)
                .extracting(io.meshportal.fleet.FactoryEvent::reason)
                .containsExactly("BackOff", "SuccessfulCreate", "ScalingReplicaSet");
        assertThat(events.getFirst().type()).isEqualTo(io.meshportal.fleet.FactoryEvent.Type.WARNING);
        assertThat(events.getFirst().count()).isEqualTo(7);
        assertThat(events.getFirst().object()).isEqualTo("Pod/factory-oslo-1-7d9f5c6b8-x2xzp");
        assertThat(fleet.events("no-such-factory")).isEmpty();
    }

    @Test
    void missingMetricsServerMeansAbsentNotZero() {
        clusters.refreshNow();
        // the fabric8 servers have no metrics API: node usage must be null
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fleet.clusters().stream()
                .anyMatch(c -> c.name().equals("de")));
        ClusterInfo deCluster = fleet.clusters().stream()
                .filter(c -> c.name().equals("de"))
                .findFirst()
                .orElseThrow();
        deCluster.nodes().forEach(n -> assertThat(n.cpuUsedCores()).isNull());
    }

    @Test
    void scaleGoesThroughTheScaleSubresourceAsAJsonPatch() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fleet.factories().stream()
                .anyMatch(f -> f.id().equals("oslo-1")));
        fleet.scale("oslo-1", 5, Progress.NONE);
        stub.verify(patchRequestedFor(urlEqualTo("/apis/apps/v1/namespaces/factories/deployments/factory-oslo-1/scale"))
                .withHeader("Content-Type", containing("application/json-patch+json"))
                .withRequestBody(equalToJson("[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]")));
    }

    @Test
    void createMakesDeploymentAndServiceWaitsForTheRolloutAndDeleteRemovesExactlyThat() throws Exception {
        ApiClient frClient = client(fr);
        // something else in the namespace that is not ours
        new CoreV1Api(frClient)
                .createNamespacedService(
                        NS,
                        new V1Service()
                                .apiVersion("v1")
                                .kind("Service")
                                .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta()
                                        .name("unrelated")
                                        .namespace(NS)))
                .execute();
        List<String> steps = new CopyOnWriteArrayList<>();
        int changesBefore = changes.get();
        FactoryRef ref =
                fleet.create(new NewFactory("lille-2", "Lille Deux", "FR", "fr", ProductMix.SEATING, 3, 2), steps::add);
        assertThat(steps).contains("Waiting for the rollout to become available", "Available");
        assertThat(ref.telemetryUrl()).hasToString("http://factory-lille-2.factories.svc.cluster.local:8080/");

        V1Deployment d = new AppsV1Api(frClient)
                .readNamespacedDeployment("factory-lille-2", NS)
                .execute();
        assertThat(d.getApiVersion()).isEqualTo("apps/v1");
        assertThat(d.getKind()).isEqualTo("Deployment");
        assertThat(d.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/part-of", "meshportal")
                .containsEntry("meshportal.io/role", "factory")
                .containsEntry("meshportal.io/factory", "lille-2")
                .containsEntry("app.kubernetes.io/managed-by", "meshportal");
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        var container = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("FACTORY_PRODUCTS");
            assertThat(e.getValue()).isEqualTo("chair:oak:5.5:35:3,stool:oak:3:20:3");
        });
        V1Service s = new CoreV1Api(frClient)
                .readNamespacedService("factory-lille-2", NS)
                .execute();
        assertThat(s.getSpec().getSelector()).containsEntry("meshportal.io/factory", "lille-2");

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fleet.factories().stream()
                .anyMatch(f -> f.id().equals("lille-2")));
        // the informers told the fleet views: they refresh from these events, not from a timer (delivered coalesced,
        // FleetChanges.COALESCE_MILLIS after the event)
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() > changesBefore);
        assertThat(ref.namespace()).isEqualTo(NS);
        assertThat(ref.cluster()).isEqualTo("fr");
        fleet.delete("lille-2", Progress.NONE);
        assertThat(new AppsV1Api(frClient)
                        .listNamespacedDeployment(NS)
                        .execute()
                        .getItems())
                .noneMatch(x -> x.getMetadata().getName().equals("factory-lille-2"));
        assertThat(new CoreV1Api(frClient).listNamespacedService(NS).execute().getItems())
                .extracting(x -> x.getMetadata().getName())
                .contains("unrelated")
                .doesNotContain("factory-lille-2");
    }

    @Test
    void aRolloutThatNeverBecomesAvailableFailsCleanly() throws Exception {
        // cluster "de" has no fake controller: nothing ever becomes available
        KubernetesProperties quick = new KubernetesProperties(
                null,
                List.of(),
                false,
                NS,
                "img",
                "cluster.local",
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        ClusterClient deOnly = new ClusterClient("de", NS, client(de), client(de), 30_000, 2_000);
        try (Clusters deCluster = new Clusters(List.of(deOnly), quick, () -> {})) {
            deCluster.start();
            KubernetesFleet single = new KubernetesFleet(
                    deCluster, ConfigCluster.unusable("none", "not used here"), quick, Clock.systemUTC());
            assertThatThrownBy(() -> single.create(
                            new NewFactory("stuck-1", "Stuck", "DE", "de", ProductMix.TABLES, 1, 1), Progress.NONE))
                    .hasMessageContaining("not available");
            assertThat(listNames(de)).doesNotContain("factory-stuck-1");
        }
    }

    /** Runs last: every request the adapter made above must be allowed by the portal's RBAC manifest. */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void theRbacManifestCoversEveryCallTheAdapterMade() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fleet.factories().stream()
                .anyMatch(f -> f.id().equals("oslo-1")));
        fleet.autoscale("oslo-1", null); // a delete of an HPA, so the autoscaling verbs are exercised too
        fleet.restart("oslo-1", Progress.NONE);
        // and a pod's log, read until it ends
        stubLogs();
        LogRecorder log = new LogRecorder();
        Runnable unfollow = fleet.followLog("oslo-1", "factory-oslo-1-abc", io.meshportal.fleet.LogQuery.DEFAULT, log);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !log.ended.isEmpty());
        unfollow.run();
        stub.verify(patchRequestedFor(urlEqualTo("/apis/apps/v1/namespaces/factories/deployments/factory-oslo-1"))
                .withHeader("Content-Type", containing("application/json-patch+json"))
                .withRequestBody(containing("/spec/template/metadata/annotations"))
                .withRequestBody(containing("restartedAt")));
        java.util.Set<String> calls = new java.util.TreeSet<>();
        for (KubernetesMockServer server : List.of(de, fr)) {
            io.fabric8.mockwebserver.http.RecordedRequest r;
            while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
                if (!TEST_AGENT.equals(r.getHeader("User-Agent"))) {
                    RbacRules.call(r.getMethod(), r.getPath()).ifPresent(calls::add);
                }
            }
        }
        stub.getAllServeEvents().forEach(e -> RbacRules.call(
                        e.getRequest().getMethod().getName(), e.getRequest().getUrl())
                .ifPresent(calls::add));
        java.util.Set<String> allowed = RbacRules.allowed(Path.of("k8s/portal/base/rbac.yaml"));
        System.out.println("Adapter calls: " + calls);
        assertThat(calls)
                .contains(
                        "apps/deployments:create",
                        "/services:create",
                        "apps/deployments:delete",
                        "apps/deployments/scale:patch",
                        "apps/deployments:list",
                        "/nodes:list",
                        "metrics.k8s.io/nodes:list",
                        "/pods/log:get");
        assertThat(allowed).containsAll(calls);
        assertThat(allowed).noneMatch(rule -> rule.contains("*"));
        // a country cluster grants the portal exactly these calls too (kind/portal-access.sh applies it there)
        java.util.Set<String> country = RbacRules.allowed(Path.of("k8s/country-access/rbac.yaml"));
        assertThat(country).containsAll(calls).noneMatch(rule -> rule.contains("*"));
        assertThat(country)
                .as("mesh objects live only in the config cluster")
                .noneMatch(rule -> rule.contains("istio.io"));
    }

    private static List<String> listNames(KubernetesMockServer server) throws Exception {
        return new AppsV1Api(client(server))
                .listNamespacedDeployment(NS).execute().getItems().stream()
                        .map(x -> x.getMetadata().getName())
                        .toList();
    }
}
