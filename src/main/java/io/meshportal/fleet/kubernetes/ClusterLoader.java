package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@link ClusterClient} per kubeconfig context (all, or the configured ones), or the in-cluster account, and
 * the mesh's {@link ConfigCluster}. A fresh KubeConfig is loaded per client, with its file set so relative
 * certificate paths resolve.
 */
final class ClusterLoader {

    static final String IN_CLUSTER = "in-cluster";
    private static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private ClusterLoader() {}

    /** Every cluster now; a context whose client cannot be built fails the whole load (tests, start-up checks). */
    static List<ClusterClient> load(KubernetesProperties properties) {
        if (properties.inCluster()) {
            return List.of(inCluster(properties));
        }
        Path file = kubeconfigPath(properties);
        List<ClusterClient> clusters = new ArrayList<>();
        for (String context : contexts(file, properties.contexts()).keySet()) {
            clusters.add(cluster(context, file, properties));
        }
        return clusters;
    }

    static ClusterClient inCluster(KubernetesProperties properties) {
        try {
            return cluster(
                    IN_CLUSTER,
                    properties,
                    ClientBuilder.cluster().build(),
                    ClientBuilder.cluster().build());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the in-cluster service account", e);
        }
    }

    /** The client of one context; throws with the reason when the context cannot be used. */
    static ClusterClient cluster(String context, Path file, KubernetesProperties properties) {
        return cluster(context, properties, client(file, context), client(file, context));
    }

    /**
     * The mesh's config cluster: the configured context; without one the portal's own cluster, which is its
     * service account when it runs in a pod and the kubeconfig's current context elsewhere.
     */
    static ConfigCluster configCluster(KubernetesProperties properties, MeshProperties mesh) {
        long probeTimeout = properties.probeTimeout().toMillis();
        String context = mesh.configContext();
        if ((context == null || context.isBlank()) && (properties.inCluster() || inPod())) {
            try {
                return new ConfigCluster(
                        IN_CLUSTER, requestsClient(ClientBuilder.cluster().build(), properties), probeTimeout);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot use the in-cluster service account", e);
            }
        }
        Path file = kubeconfigPath(properties);
        if (context == null || context.isBlank()) {
            context = read(file).getCurrentContext();
        }
        return new ConfigCluster(context, requestsClient(client(file, context), properties), probeTimeout);
    }

    static boolean inPod() {
        String host = System.getenv("KUBERNETES_SERVICE_HOST");
        return host != null && !host.isBlank() && Files.exists(SERVICE_ACCOUNT_TOKEN);
    }

    static Path kubeconfigPath(KubernetesProperties properties) {
        if (properties.kubeconfig() != null && !properties.kubeconfig().isBlank()) {
            return Path.of(properties.kubeconfig());
        }
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env.split(java.io.File.pathSeparator)[0]);
        }
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }

    /**
     * Context name → a fingerprint of everything its client is built from (the context, its cluster and its
     * user), so a reload can tell a changed context from an unchanged one. Only the wanted contexts when given.
     */
    @SuppressWarnings("unchecked")
    static Map<String, String> contexts(Path file, List<String> wanted) {
        KubeConfig config = read(file);
        Map<String, Object> clusters = byName(config.getClusters());
        Map<String, Object> users = byName(config.getUsers());
        Map<String, String> result = new LinkedHashMap<>();
        for (Object entry : config.getContexts()) {
            Map<String, Object> context = (Map<String, Object>) entry;
            String name = String.valueOf(context.get("name"));
            if (!wanted.isEmpty() && !wanted.contains(name)) {
                continue;
            }
            Map<String, Object> details = (Map<String, Object>) context.getOrDefault("context", Map.of());
            result.put(
                    name,
                    context + "|" + clusters.get(String.valueOf(details.get("cluster"))) + "|"
                            + users.get(String.valueOf(details.get("user"))));
        }
        for (String name : wanted) {
            // a wanted context missing from the file is a cluster that cannot be used: shown with that reason
            result.putIfAbsent(name, "missing");
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> byName(List<Object> entries) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (Object entry : entries == null ? List.of() : entries) {
            byName.put(String.valueOf(((Map<String, Object>) entry).get("name")), entry);
        }
        return byName;
    }

    private static ClusterClient cluster(
            String name, KubernetesProperties properties, ApiClient requests, ApiClient watches) {
        int timeout = (int) properties.requestTimeout().toMillis();
        watches.setConnectTimeout(timeout);
        watches.setReadTimeout(0); // watches are long-lived; their own timeoutSeconds ends them
        return new ClusterClient(
                name,
                properties.namespace(),
                requestsClient(requests, properties),
                watches,
                properties.resync().toMillis(),
                properties.probeTimeout().toMillis());
    }

    private static ApiClient requestsClient(ApiClient requests, KubernetesProperties properties) {
        int timeout = (int) properties.requestTimeout().toMillis();
        requests.setConnectTimeout(timeout);
        requests.setReadTimeout(timeout);
        requests.setWriteTimeout(timeout);
        return requests;
    }

    private static ApiClient client(Path file, String context) {
        KubeConfig config = read(file);
        config.setFile(file.toFile());
        if (!config.setContext(context)) {
            throw new IllegalArgumentException("No context '" + context + "' in " + file);
        }
        try {
            return ClientBuilder.kubeconfig(config).build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "Cannot use context " + context + ": "
                            + Objects.toString(e.getMessage(), e.getClass().getSimpleName()),
                    e);
        }
    }

    static KubeConfig read(Path file) {
        try {
            String text = Files.readString(file);
            try (Reader reader = new StringReader(text)) {
                return KubeConfig.loadKubeConfig(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read kubeconfig " + file, e);
        }
    }
}
