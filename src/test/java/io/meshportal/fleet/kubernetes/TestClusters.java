package io.meshportal.fleet.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.ProductMix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Fake clusters for tests in other packages (the adapter's classes stay package-private). */
public final class TestClusters {

    private TestClusters() {}

    public static KubernetesMockServer crudServer() {
        return MockClusters.crudServer();
    }

    public static Path kubeconfig(Path dir, Map<String, String> servers) throws IOException {
        return MockClusters.kubeconfig(dir, servers);
    }

    /** RBAC "group/resource:verb" of every request the server got, except the test's own set-up calls. */
    public static java.util.Set<String> observedCalls(KubernetesMockServer server, String testAgent)
            throws InterruptedException {
        java.util.Set<String> calls = new java.util.TreeSet<>();
        io.fabric8.mockwebserver.http.RecordedRequest r;
        while ((r = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
            if (!testAgent.equals(r.getHeader("User-Agent"))) {
                RbacRules.call(r.getMethod(), r.getPath()).ifPresent(calls::add);
            }
        }
        return calls;
    }

    /** What the portal's RBAC manifest allows. */
    public static java.util.Set<String> allowedByRbac() throws IOException {
        return RbacRules.allowed(Path.of("k8s/portal/base/rbac.yaml"));
    }

    /** Makes the fake server announce Istio's networking API, as a cluster with Istio installed does. */
    public static void withIstio(KubernetesMockServer server) {
        server.expect()
                .get()
                .withPath("/apis/networking.istio.io/v1")
                .andReturn(
                        200,
                        "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"networking.istio.io/v1\",\"resources\":[]}")
                .always();
    }

    /** Another version of a factory as its own Deployment, the way a rollout adds one beside the first. */
    public static V1Deployment factoryVersion(String id, String country, String version) {
        V1Deployment d = factoryDeployment(id, country);
        d.getMetadata().setName(FactoryResources.name(id) + "-" + version);
        java.util.Map<String, String> selector =
                new java.util.LinkedHashMap<>(d.getSpec().getSelector().getMatchLabels());
        selector.put(FactoryLabels.VERSION, version);
        d.getSpec().getSelector().setMatchLabels(selector);
        d.getSpec().getTemplate().getMetadata().getLabels().put(FactoryLabels.VERSION, version);
        return d;
    }

    /** A factory Deployment as the adapter (or kubectl apply of k8s/factory) would create it. */
    public static V1Deployment factoryDeployment(String id, String country) {
        return FactoryResources.deployment(
                new NewFactory(id, id, country, "x", ProductMix.TABLES, 1, 1), "factories", "img");
    }
}
