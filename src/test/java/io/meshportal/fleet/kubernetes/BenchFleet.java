package io.meshportal.fleet.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.ProductMix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Benchmark support: a fake API server (fabric8 mock, CRUD mode) holding factory Deployments, a kubeconfig for it,
 * and a hosts file for the portal's JVM ({@code -Djdk.net.hosts.file}) that resolves each factory's Service name
 * to its own loopback address, where {@code FactoryFarm} answers. So the production jar runs in Kubernetes mode,
 * polling every factory at its own address:port, as it would Services across clusters.
 */
public final class BenchFleet implements AutoCloseable {

    /** The factories' port (the Service port the portal polls). */
    public static final int PORT = FactoryResources.PORT;

    public static final String NAMESPACE = "factories";

    /** The mock logs every request at INFO: thousands a minute here. Held, so the setting is not collected. */
    private static final java.util.logging.Logger QUIET = quiet();

    private final KubernetesMockServer server = MockClusters.crudServer(true);
    private final AppsV1Api apps = new AppsV1Api(KubernetesFleetTest.client(server));
    private final Path kubeconfig;
    private final Path hosts;
    private final int range;
    private int count;

    /** @param range the second octet of the factories' addresses (127.RANGE.x.y), so two benches never meet */
    public BenchFleet(Path dir, int range) throws IOException {
        this.range = range;
        this.kubeconfig =
                MockClusters.kubeconfig(dir, Map.of("bench", server.url("/").replaceAll("/$", "")));
        this.hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost\n");
    }

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** Factory {@code i}'s id. */
    public static String id(int i) {
        return "f-" + i;
    }

    /** Factory {@code i}'s own loopback address: 127.RANGE.0.1, 127.RANGE.0.2, … (250 per third octet). */
    public static String address(int range, int i) {
        return "127." + range + "." + (i / 250) + "." + (i % 250 + 1);
    }

    /** Adds factories up to {@code total}: their Deployments, and their Service names in the hosts file. */
    public void growTo(int total) throws IOException, ApiException {
        StringBuilder lines = new StringBuilder();
        for (int i = count; i < total; i++) {
            NewFactory f =
                    new NewFactory(id(i), "Factory " + i, i % 2 == 0 ? "DE" : "PL", "bench", ProductMix.TABLES, 10, 1);
            apps.createNamespacedDeployment(NAMESPACE, FactoryResources.deployment(f, NAMESPACE, "bench"))
                    .execute();
            lines.append(address(range, i))
                    .append(' ')
                    .append(FactoryResources.name(id(i)))
                    .append('.')
                    .append(NAMESPACE)
                    .append(".svc.cluster.local\n");
        }
        Files.writeString(hosts, lines.toString(), java.nio.file.StandardOpenOption.APPEND);
        count = total;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** For {@code -Djdk.net.hosts.file}: the JDK then resolves names from it alone (read at each lookup). */
    public Path hosts() {
        return hosts;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
