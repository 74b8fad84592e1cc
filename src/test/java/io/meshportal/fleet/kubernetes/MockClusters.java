package io.meshportal.fleet.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;

/** Test support: fake API servers (fabric8 mock, CRUD mode) and a kubeconfig with one context per server. */
final class MockClusters {

    /** A real API server's /version answer (client-java requires every field). */
    static final String VERSION = "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0\",\"gitCommit\":\"abc\","
            + "\"gitTreeState\":\"clean\",\"buildDate\":\"2026-01-01T00:00:00Z\",\"goVersion\":\"go1.23\","
            + "\"compiler\":\"gc\",\"platform\":\"linux/amd64\"}";

    private MockClusters() {}

    static KubernetesMockServer crudServer() {
        return crudServer(false);
    }

    /**
     * @param holdWatches keep client-java's watch requests open (answered after ten minutes) as a real API server
     *                    does: the CRUD mock answers a plain HTTP watch at once, so informers list again and again,
     *                    which in a benchmark would be load that no real cluster causes
     */
    static KubernetesMockServer crudServer(boolean holdWatches) {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        KubernetesMixedDispatcher dispatcher = new KubernetesMixedDispatcher(expectations) {
            @Override
            public io.fabric8.mockwebserver.http.MockResponse dispatch(
                    io.fabric8.mockwebserver.http.RecordedRequest request) {
                if (holdWatches
                        && request.getPath() != null
                        && request.getPath().contains("watch=true")) {
                    // chunked: with a Content-Length of 0 the client would see the end at once and watch again
                    return new io.fabric8.mockwebserver.http.MockResponse()
                            .setResponseCode(200)
                            .setHeader("Content-Type", "application/json")
                            .setBodyDelay(java.time.Duration.ofMinutes(10))
                            .setChunkedBody("", 1);
                }
                return super.dispatch(request);
            }
        };
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(Serialization.jsonMapper()), new MockWebServer(), expectations, dispatcher, false);
        server.init();
        // CRUD mode would treat /version as a resource; answer it like a real API server
        server.expect().get().withPath("/version/").andReturn(200, VERSION).always();
        return server;
    }

    /** Writes a kubeconfig with a context per (name → server URL), each with its own token user. */
    static Path kubeconfig(Path dir, Map<String, String> servers) throws IOException {
        StringBuilder clusters = new StringBuilder("clusters:\n");
        StringBuilder contexts = new StringBuilder("contexts:\n");
        StringBuilder users = new StringBuilder("users:\n");
        for (var e : new LinkedHashMap<>(servers).entrySet()) {
            clusters.append("- name: ")
                    .append(e.getKey())
                    .append("\n  cluster:\n    server: ")
                    .append(e.getValue())
                    .append('\n');
            contexts.append("- name: ")
                    .append(e.getKey())
                    .append("\n  context:\n    cluster: ")
                    .append(e.getKey())
                    .append("\n    user: ")
                    .append(e.getKey())
                    .append('\n');
            users.append("- name: ")
                    .append(e.getKey())
                    .append("\n  user:\n    token: test-token-")
                    .append(e.getKey())
                    .append('\n');
        }
        String yaml = "apiVersion: v1\nkind: Config\ncurrent-context: "
                + servers.keySet().iterator().next() + "\n" + clusters + contexts + users;
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, yaml);
        return file;
    }
}
