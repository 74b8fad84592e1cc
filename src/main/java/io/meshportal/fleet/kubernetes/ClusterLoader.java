package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@link ClusterClient} per kubeconfig context (all, or the configured ones), or the in-cluster account.
 * A fresh KubeConfig is loaded per client, with its file set so relative certificate paths resolve.
 */
final class ClusterLoader {

    private ClusterLoader() {}

    static List<ClusterClient> load(KubernetesProperties properties) {
        if (properties.inCluster()) {
            try {
                ApiClient requests = ClientBuilder.cluster().build();
                ApiClient watches = ClientBuilder.cluster().build();
                return List.of(cluster("in-cluster", properties, requests, watches));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot use the in-cluster service account", e);
            }
        }
        Path file = kubeconfigPath(properties);
        List<String> contexts = properties.contexts().isEmpty() ? contextNames(file) : properties.contexts();
        List<ClusterClient> clusters = new ArrayList<>();
        for (String context : contexts) {
            clusters.add(cluster(context, properties, client(file, context), client(file, context)));
        }
        return clusters;
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

    @SuppressWarnings("unchecked")
    static List<String> contextNames(Path file) {
        KubeConfig config = read(file);
        List<String> names = new ArrayList<>();
        for (Object context : config.getContexts()) {
            names.add(String.valueOf(((Map<String, Object>) context).get("name")));
        }
        return names;
    }

    private static ClusterClient cluster(
            String name, KubernetesProperties properties, ApiClient requests, ApiClient watches) {
        int timeout = (int) properties.requestTimeout().toMillis();
        requests.setConnectTimeout(timeout);
        requests.setReadTimeout(timeout);
        requests.setWriteTimeout(timeout);
        watches.setConnectTimeout(timeout);
        watches.setReadTimeout(0); // watches are long-lived; their own timeoutSeconds ends them
        return new ClusterClient(
                name,
                properties.namespace(),
                requests,
                watches,
                properties.resync().toMillis(),
                properties.probeTimeout().toMillis());
    }

    private static ApiClient client(Path file, String context) {
        KubeConfig config = read(file);
        config.setFile(file.toFile());
        if (!config.setContext(context)) {
            throw new IllegalArgumentException("No context '" + context + "' in " + file);
        }
        try {
            return ClientBuilder.kubeconfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build a client for context " + context, e);
        }
    }

    private static KubeConfig read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return KubeConfig.loadKubeConfig(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read kubeconfig " + file, e);
        }
    }
}
