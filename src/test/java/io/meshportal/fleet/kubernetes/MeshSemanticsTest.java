package io.meshportal.fleet.kubernetes;

import static io.meshportal.fleet.kubernetes.KubernetesFleetTest.NS;
import static io.meshportal.fleet.kubernetes.KubernetesFleetTest.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.meshportal.PortalApplication;
import io.meshportal.factory.Tuning;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.MtlsMode;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.NewVersion;
import io.meshportal.fleet.ProductMix;
import io.meshportal.fleet.Progress;
import io.meshportal.mesh.MeshPolicy;
import io.meshportal.mesh.MeshRequestException;
import io.meshportal.mesh.MeshService;
import io.meshportal.rollout.RolloutPlan;
import io.meshportal.rollout.RolloutService;
import io.meshportal.rollout.Thresholds;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mesh rules of {@link MeshSemantics} over everything that would be in the clusters: the static istio/ and
 * k8s/ assets as install.sh and the README put them there, and what the portal itself writes into fake config
 * and country clusters for a new factory, a policy with timeout, retries and circuit breaking, a canary split,
 * each mTLS mode, and a delete.
 */
class MeshSemanticsTest {

    static final Viewer OFFICE = new Viewer("semantics-office", Role.OFFICE_MANAGER, null);
    static final JsonMapper JSON_MAPPER = JsonMapper.builder().build();

    @Test
    void theStaticAssetsKeepTheRules() throws IOException {
        MeshSemantics.Mesh mesh = staticMesh();
        assertThat(MeshSemantics.violations(mesh)).isEmpty();
        // every object parses strictly, label values included
        for (Map<String, Object> o : MeshSemantics.all(mesh)) {
            String kind = (String) o.get("kind");
            if (MeshSemantics.CONFIG_KINDS.contains(kind)) {
                IstioStrict.check(o);
            } else {
                assertThat(ManifestStrictnessTest.KINDS).as("kind " + kind).containsKey(kind);
                ManifestStrictnessTest.parse(o, ManifestStrictnessTest.KINDS.get(kind));
            }
        }
        for (String network : List.of("network-portal", "network-de")) {
            assertThat(MeshSemantics.installViolations(
                            yaml("istio/primary.yaml"), eastWestGateway(network), network, 2))
                    .as(network)
                    .isEmpty();
        }
        // the README's first factory shows its country and name in the portal (not "??")
        assertThat(Kustomize.render(Path.of("k8s/factory/overlays/example-berlin")))
                .filteredOn(o -> "Deployment".equals(o.get("kind")))
                .singleElement()
                .satisfies(d -> {
                    assertThat(MeshSemantics.labels(d)).containsEntry(FactoryLabels.COUNTRY, "DE");
                    assertThat(MeshSemantics.templateLabels(d))
                            .containsEntry("version", "v1")
                            .containsEntry("app", "factory-berlin-1");
                    assertThat(((Map<?, ?>) d.get("metadata"))
                                    .get("annotations")
                                    .toString())
                            .contains(FactoryLabels.DISPLAY_NAME);
                });
        Map<String, Object> remote = yaml("istio/remote.yaml");
        assertThat(MeshSemantics.spec(remote)).containsEntry("profile", "remote");
    }

    /** The RBAC that lets the portal manage factories is in the namespace the portal is configured for. */
    @Test
    @SuppressWarnings("unchecked")
    void thePortalsRbacFollowsItsConfiguredNamespace() throws IOException {
        for (String overlay : List.of("k8s/portal/overlays/kind", "k8s/portal/overlays/kind-multicluster")) {
            List<Map<String, Object>> objects = Kustomize.render(Path.of(overlay));
            String configured = "factories";
            for (Map<String, Object> d : objects) {
                if ("Deployment".equals(d.get("kind"))) {
                    Map<String, Object> podSpec = (Map<String, Object>)
                            ((Map<String, Object>) MeshSemantics.spec(d).get("template")).get("spec");
                    for (Map<String, Object> env :
                            (List<Map<String, Object>>) ((List<Map<String, Object>>) podSpec.get("containers"))
                                    .getFirst()
                                    .getOrDefault("env", List.of())) {
                        if ("MESHPORTAL_KUBERNETES_NAMESPACE".equals(env.get("name"))) {
                            configured = String.valueOf(env.get("value"));
                        }
                    }
                }
            }
            String expected = configured;
            assertThat(objects)
                    .filteredOn(o -> "Role".equals(o.get("kind")))
                    .as(overlay)
                    .isNotEmpty()
                    .allSatisfy(
                            role -> assertThat(MeshSemantics.namespace(role)).isEqualTo(expected));
        }
        assertThat(Files.readString(Path.of("kind/portal-access.sh"))).contains("namespace: factories");
    }

    @Test
    void theRulesFailOnEachKnownMistake() throws IOException {
        Map<String, Object> service = yaml(
                """
                apiVersion: v1
                kind: Service
                metadata: {name: factory-a, namespace: factories}
                spec: {selector: {meshportal.io/factory: a}, ports: [{port: 8080}]}
                """);
        Map<String, Object> deployment = yaml(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: factory-a, namespace: factories, labels: {meshportal.io/country: "??"}}
                spec:
                  selector: {matchLabels: {meshportal.io/factory: a}}
                  template: {metadata: {labels: {meshportal.io/factory: a, meshportal.io/role: factory, version: v1}}}
                """);
        Map<String, Object> wildcard = yaml(
                """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: all, namespace: factories}
                spec: {hosts: ["*.factories.svc.cluster.local"], http: [{route: [{destination: {host: "*.factories.svc.cluster.local"}}]}]}
                """);
        Map<String, Object> toCanary = yaml(
                """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: factory-a, namespace: factories}
                spec: {hosts: [factory-a.factories.svc.cluster.local], http: [{route: [
                  {destination: {host: factory-a.factories.svc.cluster.local, subset: canary}}]}]}
                """);
        Map<String, Object> canaryRule = yaml(
                """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: factory-a, namespace: factories}
                spec: {host: factory-a.factories.svc.cluster.local, subsets: [{name: canary, labels: {version: v2}}]}
                """);
        Map<String, Object> disabled = yaml(
                """
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: factory-a, namespace: factories}
                spec: {selector: {matchLabels: {meshportal.io/factory: a}}, mtls: {mode: DISABLE}}
                """);
        Map<String, Object> onlyPortal = yaml("istio/mesh/factory-authorization.yaml");
        List<String> found = MeshSemantics.violations(new MeshSemantics.Mesh(
                "portal",
                Map.of(
                        "portal", List.of(wildcard, toCanary, disabled, onlyPortal),
                        "de", List.of(service, deployment, canaryRule))));
        assertThat(found).anyMatch(v -> v.startsWith("concrete-destination") && v.contains("wildcard"));
        assertThat(found).anyMatch(v -> v.startsWith("config-in-config-cluster") && v.contains("DestinationRule"));
        assertThat(found).anyMatch(v -> v.startsWith("subset-defined") && v.contains("canary"));
        assertThat(found).anyMatch(v -> v.startsWith("mtls-for-principals"));
        assertThat(found).anyMatch(v -> v.startsWith("label-value") && v.contains("??"));
        // the same DestinationRule in the config cluster: defined, but version v2 runs nowhere
        List<String> noPods = MeshSemantics.violations(new MeshSemantics.Mesh(
                "portal", Map.of("portal", List.of(toCanary, canaryRule), "de", List.of(service, deployment))));
        assertThat(noPods).anyMatch(v -> v.startsWith("subset-selects-pods"));

        Map<String, Object> oldPrimary = yaml(
                """
                apiVersion: install.istio.io/v1alpha1
                kind: IstioOperator
                spec: {values: {global: {meshID: m, network: network-portal}}}
                """);
        Map<String, Object> oldGateway = yaml(Files.readString(Path.of("istio/eastwest-gateway.yaml"))
                .replace("topology.istio.io/network: network-remote", "other: x")
                .replace("sni-dnat", "standard"));
        assertThat(MeshSemantics.installViolations(oldPrimary, oldGateway, "network-remote", 1))
                .anyMatch(v -> v.startsWith("external-istiod"))
                .anyMatch(v -> v.startsWith("dns-proxy"))
                .anyMatch(v -> v.startsWith("gateway-network-label"))
                .anyMatch(v -> v.startsWith("gateway-router-mode"));
    }

    @Test
    void ourKustomizeRendersAsKubectlDoes() throws IOException {
        Assumptions.assumeTrue(
                Kustomize.kubectlAvailable(),
                "kubectl is not installed here: the overlays are rendered by the test's own kustomize subset, unchecked");
        for (String overlay : List.of(
                "k8s/factory/overlays/example-berlin",
                "k8s/portal/overlays/kind",
                "k8s/portal/overlays/kind-multicluster",
                "k8s/country-access")) {
            assertThat(byId(Kustomize.ourselves(Path.of(overlay))))
                    .as(overlay)
                    .isEqualTo(byId(Kustomize.withKubectl(Path.of(overlay))));
        }
    }

    /** What the portal writes, step by step, into a config cluster (with Istio) and two country clusters. */
    @Test
    void whatThePortalCreatesKeepsTheRules(@TempDir Path dir) throws Exception {
        KubernetesMockServer portal = MockClusters.crudServer();
        TestClusters.withIstio(portal);
        KubernetesMockServer de = MockClusters.crudServer();
        KubernetesMockServer fr = MockClusters.crudServer();
        ScheduledExecutorService controller = Executors.newSingleThreadScheduledExecutor();
        controller.scheduleWithFixedDelay(
                () -> {
                    KubernetesFleetTest.markAvailable(de);
                    KubernetesFleetTest.markAvailable(fr);
                },
                100,
                100,
                TimeUnit.MILLISECONDS);
        Map<String, KubernetesMockServer> servers = new LinkedHashMap<>();
        servers.put("portal", portal);
        servers.put("de", de);
        servers.put("fr", fr);
        Map<String, String> urls = new LinkedHashMap<>();
        servers.forEach((name, server) -> urls.put(name, server.url("/").replaceAll("/$", "")));
        Path kubeconfig = MockClusters.kubeconfig(dir, urls);
        try (var ctx = new SpringApplicationBuilder(PortalApplication.class)
                .run(
                        "--server.port=0",
                        "--meshportal.data.dir=" + dir.resolve("data"),
                        "--meshportal.fleet.mode=kubernetes",
                        "--meshportal.kubernetes.kubeconfig=" + kubeconfig,
                        "--meshportal.kubernetes.contexts=de,fr",
                        "--meshportal.kubernetes.rollout-timeout=20s",
                        "--meshportal.mesh.config-context=portal")) {
            FleetService fleet = ctx.getBean(FleetService.class);
            MeshService mesh = ctx.getBean(MeshService.class);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> fleet.clusters(OFFICE).size() == 2);
            List<String> steps = new ArrayList<>();

            fleet.create(
                            OFFICE,
                            new NewFactory("sem-1", "Semantics One", "DE", "de", ProductMix.TABLES, 2, 1),
                            Progress.NONE)
                    .get(30, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> fleet.exists("sem-1"));
            check(servers, "created", steps);
            fleet.autoscale(OFFICE, "sem-1", new Autoscaling(1, 3)).get(10, TimeUnit.SECONDS);
            check(servers, "autoscaled", steps);

            MeshPolicy resilient = new MeshPolicy(
                    Duration.ofSeconds(2),
                    3,
                    Duration.ofMillis(500),
                    "5xx,reset",
                    50,
                    20,
                    5,
                    Duration.ofSeconds(30),
                    "v1",
                    "v2",
                    100,
                    0,
                    MtlsMode.STRICT,
                    List.of("cluster.local/ns/meshportal/sa/meshportal"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> mesh.configCluster(OFFICE).orElseThrow().state()
                            == io.meshportal.fleet.MeshConfigStatus.State.READY);
            mesh.apply(OFFICE, "sem-1", resilient);
            check(servers, "timeout, retries, circuit breaking", steps);

            // the YAML page reads the same objects live, without what the API servers added: strict, the rules kept
            io.meshportal.manifests.ManifestService manifests =
                    ctx.getBean(io.meshportal.manifests.ManifestService.class);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> manifests.factory(OFFICE, "sem-1").manifests().size() == 7);
            io.meshportal.manifests.FactoryManifests live = manifests.factory(OFFICE, "sem-1");
            assertThat(live.source()).isEqualTo(io.meshportal.manifests.FactoryManifests.Source.CLUSTER);
            assertThat(live.manifests())
                    .extracting(io.meshportal.fleet.Manifest::kind)
                    .containsExactly(
                            "Deployment",
                            "Service",
                            "HorizontalPodAutoscaler",
                            "VirtualService",
                            "DestinationRule",
                            "PeerAuthentication",
                            "AuthorizationPolicy");
            assertThat(live.yaml())
                    .doesNotContain("resourceVersion")
                    .doesNotContain("uid:")
                    .doesNotContain("managedFields")
                    .doesNotContain("creationTimestamp")
                    .doesNotContain("\nstatus:");
            List<Map<String, Object>> docs = ManifestExportTest.strictlyParsed(live.yaml());
            assertThat(MeshSemantics.violations(new MeshSemantics.Mesh(
                            "portal",
                            Map.of(
                                    "portal", docs.subList(3, 7),
                                    "de", docs.subList(0, 3)))))
                    .isEmpty();
            // the Deployment is the cluster's own, status aside
            assertThat(ManifestStrictnessTest.parse(docs.getFirst(), V1Deployment.class))
                    .extracting(d -> ((V1Deployment) d).getSpec())
                    .isEqualTo(new AppsV1Api(client(de))
                            .readNamespacedDeployment("factory-sem-1", NS)
                            .execute()
                            .getSpec());

            // a canary version through a rollout: exactly these objects at each step, the rules kept at each
            RolloutService rollouts = ctx.getBean(RolloutService.class);
            rollouts.start(
                    OFFICE,
                    "sem-1",
                    new RolloutPlan(
                            new NewVersion("v2", "2.0", new Tuning(1.2, 0.05, 0.15), 1),
                            false,
                            List.of(),
                            null,
                            1,
                            Thresholds.DEFAULTS),
                    Progress.NONE);
            check(servers, "canary v2 deployed, 0 %", steps);
            assertThat(deploymentNames(de)).containsExactlyInAnyOrder("factory-sem-1", "factory-sem-1-v2");
            Map<String, Object> canaryDeployment = deployment(servers, "factory-sem-1-v2");
            assertThat(MeshSemantics.templateLabels(canaryDeployment))
                    .containsEntry("version", "v2")
                    .containsEntry("meshportal.io/role", "factory-canary");
            assertThat(JSON_MAPPER.writeValueAsString(canaryDeployment))
                    .contains(":2.0\"", "\"FACTORY_VERSION\"", "\"FACTORY_CYCLE_TIME_FACTOR\",\"value\":\"1.2\"");
            assertThat(split(servers)).isEqualTo(Map.of("stable=v1", 100, "canary=v2", 0));
            assertThat(headerRoutes(servers)).containsExactlyInAnyOrder("v1", "v2");
            assertThat(vsTimeout(servers)).as("the policy's timeout is kept").isEqualTo("2s");

            rollouts.weigh(OFFICE, "sem-1", 10);
            check(servers, "canary 90/10", steps);
            assertThat(split(servers)).isEqualTo(Map.of("stable=v1", 90, "canary=v2", 10));

            mesh.apply(OFFICE, "sem-1", variant(resilient, 100, 0, MtlsMode.PERMISSIVE));
            check(servers, "mTLS PERMISSIVE", steps);
            assertThat(split(servers))
                    .as("a policy change keeps the rollout's split")
                    .isEqualTo(Map.of("stable=v1", 90, "canary=v2", 10));
            mesh.apply(OFFICE, "sem-1", variant(resilient, 100, 0, MtlsMode.STRICT));
            check(servers, "mTLS STRICT", steps);
            assertThatThrownBy(() -> mesh.apply(OFFICE, "sem-1", variant(resilient, 100, 0, MtlsMode.DISABLE)))
                    .isInstanceOfSatisfying(MeshRequestException.class, e -> assertThat(e.problems())
                            .containsKey("mtls"));
            check(servers, "mTLS DISABLE refused", steps);

            rollouts.weigh(OFFICE, "sem-1", 50);
            check(servers, "canary 50/50", steps);
            rollouts.promote(OFFICE, "sem-1", Progress.NONE);
            check(servers, "v2 promoted", steps);
            assertThat(deploymentNames(de)).containsExactly("factory-sem-1");
            assertThat(MeshSemantics.templateLabels(deployment(servers, "factory-sem-1")))
                    .containsEntry("version", "v2")
                    .containsEntry("meshportal.io/role", "factory");
            assertThat(split(servers)).isEqualTo(Map.of("stable=v2", 100));
            assertThat(headerRoutes(servers)).containsExactly("v2");
            assertThat(JSON_MAPPER.writeValueAsString(snapshot(servers)))
                    .as("nothing of v1 is left")
                    .doesNotContain("\"version\":\"v1\"", "\"exact\":\"v1\"");

            // a second version rolled back: only v2 remains (once the informer has seen the promotion)
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> rollouts.versions(OFFICE, "sem-1").canary() == null);
            rollouts.start(
                    OFFICE,
                    "sem-1",
                    new RolloutPlan(
                            new NewVersion("v3", null, Tuning.STANDARD, 1),
                            false,
                            List.of(),
                            null,
                            1,
                            Thresholds.DEFAULTS),
                    Progress.NONE);
            rollouts.weigh(OFFICE, "sem-1", 25);
            check(servers, "canary v3 75/25", steps);
            rollouts.rollBack(OFFICE, "sem-1", Progress.NONE);
            check(servers, "v3 rolled back", steps);
            assertThat(deploymentNames(de)).containsExactly("factory-sem-1");
            assertThat(split(servers)).isEqualTo(Map.of("stable=v2", 100));
            assertThat(headerRoutes(servers)).containsExactly("v2");
            // every call the rollouts made in the country cluster and the config cluster is allowed by the RBAC
            for (KubernetesMockServer server : List.of(de, portal)) {
                assertThat(TestClusters.allowedByRbac())
                        .containsAll(TestClusters.observedCalls(server, KubernetesFleetTest.TEST_AGENT));
            }

            fleet.delete(OFFICE, "sem-1", Progress.NONE).get(30, TimeUnit.SECONDS);
            Map<String, List<Map<String, Object>>> after = snapshot(servers);
            assertThat(MeshSemantics.all(new MeshSemantics.Mesh("portal", after)))
                    .as("objects of a deleted factory")
                    .noneMatch(o -> "sem-1".equals(MeshSemantics.labels(o).get(FactoryLabels.FACTORY)));
            assertThat(steps).hasSize(12);
        } finally {
            controller.shutdownNow();
            servers.values().forEach(KubernetesMockServer::destroy);
        }
    }

    private static List<String> deploymentNames(KubernetesMockServer server) throws Exception {
        return new AppsV1Api(client(server))
                .listNamespacedDeployment(NS).execute().getItems().stream()
                        .map(d -> d.getMetadata().getName())
                        .toList();
    }

    private static Map<String, Object> deployment(Map<String, KubernetesMockServer> servers, String name)
            throws Exception {
        return MeshSemantics.all(new MeshSemantics.Mesh("portal", snapshot(servers))).stream()
                .filter(o -> "Deployment".equals(o.get("kind")) && name.equals(MeshSemantics.name(o)))
                .findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> virtualService(Map<String, KubernetesMockServer> servers) throws Exception {
        return MeshSemantics.all(new MeshSemantics.Mesh("portal", snapshot(servers))).stream()
                .filter(o -> "VirtualService".equals(o.get("kind")))
                .findFirst()
                .orElseThrow();
    }

    /** "subset=version" → weight of the VirtualService's unmatched (split) route, versions from the DestinationRule. */
    @SuppressWarnings("unchecked")
    private static Map<String, Integer> split(Map<String, KubernetesMockServer> servers) throws Exception {
        Map<String, String> versionOf = new LinkedHashMap<>();
        MeshSemantics.all(new MeshSemantics.Mesh("portal", snapshot(servers))).stream()
                .filter(o -> "DestinationRule".equals(o.get("kind")))
                .flatMap(o -> ((List<Map<String, Object>>) MeshSemantics.spec(o).get("subsets")).stream())
                .forEach(subset -> versionOf.put(
                        (String) subset.get("name"), ((Map<String, String>) subset.get("labels")).get("version")));
        Map<String, Integer> split = new LinkedHashMap<>();
        for (Object http :
                (List<Object>) MeshSemantics.spec(virtualService(servers)).get("http")) {
            Map<String, Object> route = (Map<String, Object>) http;
            if (route.containsKey("match")) {
                continue;
            }
            for (Object r : (List<Object>) route.get("route")) {
                Map<String, Object> destination = (Map<String, Object>) ((Map<String, Object>) r).get("destination");
                String subset = (String) destination.get("subset");
                split.put(
                        subset + "=" + versionOf.get(subset),
                        ((Number) ((Map<String, Object>) r).get("weight")).intValue());
            }
        }
        return split;
    }

    /** The versions that have a header-matched route (x-meshportal-version: exact). */
    @SuppressWarnings("unchecked")
    private static List<String> headerRoutes(Map<String, KubernetesMockServer> servers) throws Exception {
        List<String> versions = new ArrayList<>();
        for (Object http :
                (List<Object>) MeshSemantics.spec(virtualService(servers)).get("http")) {
            Map<String, Object> route = (Map<String, Object>) http;
            for (Object m : (List<Object>) route.getOrDefault("match", List.of())) {
                Map<String, Object> headers = (Map<String, Object>) ((Map<String, Object>) m).get("headers");
                versions.add(((Map<String, String>) headers.get("x-meshportal-version")).get("exact"));
            }
        }
        return versions;
    }

    @SuppressWarnings("unchecked")
    private static String vsTimeout(Map<String, KubernetesMockServer> servers) throws Exception {
        List<Object> http =
                (List<Object>) MeshSemantics.spec(virtualService(servers)).get("http");
        return (String) ((Map<String, Object>) http.getLast()).get("timeout");
    }

    /** client-java reads JSON numbers of custom objects as doubles; the API server stored integers. */
    @SuppressWarnings("unchecked")
    static Object wholeNumbers(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) {
            return d.intValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, wholeNumbers(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(MeshSemanticsTest::wholeNumbers).toList();
        }
        return value;
    }

    private static MeshPolicy variant(MeshPolicy p, int stableWeight, int canaryWeight, MtlsMode mode) {
        return new MeshPolicy(
                p.timeout(),
                p.retryAttempts(),
                p.perTryTimeout(),
                p.retryOn(),
                p.maxConnections(),
                p.maxPendingRequests(),
                p.consecutive5xxErrors(),
                p.baseEjectionTime(),
                p.stableVersion(),
                p.canaryVersion(),
                stableWeight,
                canaryWeight,
                mode,
                p.allowedPrincipals());
    }

    private static void check(Map<String, KubernetesMockServer> servers, String step, List<String> steps)
            throws Exception {
        MeshSemantics.Mesh mesh = new MeshSemantics.Mesh("portal", snapshot(servers));
        assertThat(MeshSemantics.violations(mesh)).as(step).isEmpty();
        for (Map<String, Object> o : MeshSemantics.all(mesh)) {
            if (MeshSemantics.CONFIG_KINDS.contains(o.get("kind"))) {
                IstioStrict.check(o);
            }
        }
        steps.add(step);
    }

    /** Every factory object in each fake cluster, as the API server holds it. */
    @SuppressWarnings("unchecked")
    static Map<String, List<Map<String, Object>>> snapshot(Map<String, KubernetesMockServer> servers) throws Exception {
        Map<String, List<Map<String, Object>>> clusters = new LinkedHashMap<>();
        JSON json = new JSON();
        for (var server : servers.entrySet()) {
            ApiClient c = client(server.getValue());
            List<Object> objects = new ArrayList<>();
            objects.addAll(
                    new AppsV1Api(c).listNamespacedDeployment(NS).execute().getItems());
            objects.addAll(new CoreV1Api(c).listNamespacedService(NS).execute().getItems());
            objects.addAll(new AutoscalingV2Api(c)
                    .listNamespacedHorizontalPodAutoscaler(NS)
                    .execute()
                    .getItems());
            List<Map<String, Object>> maps = new ArrayList<>();
            for (Object o : objects) {
                maps.add(JSON_MAPPER.readValue(json.serialize(o), Map.class));
            }
            for (var api : IstioWire.API.values()) {
                Map<String, Object> list = (Map<String, Object>) new CustomObjectsApi(c)
                        .listNamespacedCustomObject(api[0], IstioWire.VERSION, NS, api[1])
                        .execute();
                for (Map<String, Object> item : (List<Map<String, Object>>) list.getOrDefault("items", List.of())) {
                    // what the API server adds is not the portal's: the strict check is about what the portal wrote
                    Map<String, Object> metadata = (Map<String, Object>) item.get("metadata");
                    List.of("generation", "resourceVersion", "uid", "creationTimestamp", "managedFields")
                            .forEach(metadata::remove);
                    maps.add((Map<String, Object>) wholeNumbers(item));
                }
            }
            clusters.put(server.getKey(), maps);
        }
        return clusters;
    }

    /**
     * The static assets where install.sh and the README put them: Istio's configuration files (install.sh's
     * CONFIG_FILES) and the portal in the portal cluster, the example factory in a country cluster.
     */
    static MeshSemantics.Mesh staticMesh() throws IOException {
        List<Map<String, Object>> portal = new ArrayList<>();
        for (String file : configFiles()) {
            for (Object doc : new Yaml().loadAll(Files.readString(Path.of("istio", file)))) {
                portal.add((Map<String, Object>) doc);
            }
        }
        portal.addAll(Kustomize.render(Path.of("k8s/portal/overlays/kind-multicluster")));
        List<Map<String, Object>> country =
                new ArrayList<>(Kustomize.render(Path.of("k8s/factory/overlays/example-berlin")));
        country.addAll(Kustomize.render(Path.of("k8s/country-access")));
        return new MeshSemantics.Mesh("portal", Map.of("portal", portal, "de", country));
    }

    /** install.sh's list of configuration files: what it applies to the config cluster only. */
    static List<String> configFiles() throws IOException {
        String script = Files.readString(Path.of("istio/install.sh"));
        Matcher m =
                Pattern.compile("CONFIG_FILES=\\(([^)]*)\\)", Pattern.DOTALL).matcher(script);
        assertThat(m.find()).as("install.sh declares CONFIG_FILES").isTrue();
        List<String> files = List.of(m.group(1).trim().split("\\s+"));
        assertThat(files)
                .as("install.sh applies every Istio configuration file")
                .containsAll(List.of("expose-istiod.yaml", "expose-services.yaml", "mesh/factory-defaults.yaml"));
        return files;
    }

    /** The east-west gateway as install.sh installs it on one network. */
    static Map<String, Object> eastWestGateway(String network) throws IOException {
        return yaml(Files.readString(Path.of("istio/eastwest-gateway.yaml")).replace("network-remote", network));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String fileOrText) throws IOException {
        String text = fileOrText.endsWith(".yaml") ? Files.readString(Path.of(fileOrText)) : fileOrText;
        return (Map<String, Object>) new Yaml().loadAll(text).iterator().next();
    }

    private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> objects) {
        Map<String, Map<String, Object>> byId = new java.util.TreeMap<>();
        objects.forEach(o -> byId.put(MeshSemantics.id(o), o));
        return byId;
    }
}
