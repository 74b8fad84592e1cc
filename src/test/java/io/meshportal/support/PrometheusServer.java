package io.meshportal.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Prometheus (Debian's package, installed by scripts/ensure-tools.sh) on a free loopback port, scraping
 * the given targets every second. {@link #hang()} stops the process (SIGSTOP) so it accepts connections and
 * never answers; {@link #resume()} lets it go on.
 */
public final class PrometheusServer implements AutoCloseable {

    private final Process process;
    private final URI url;

    private PrometheusServer(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    public static PrometheusServer start(Path dir, List<String> targets) throws IOException, InterruptedException {
        if (!new java.io.File("/usr/bin/prometheus").canExecute()) {
            throw new IllegalStateException("Prometheus is not installed: scripts/ensure-tools.sh installs it "
                    + "(apt-get install prometheus)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(
                config,
                """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: fixture
                    static_configs:
                      - targets: [%s]
                """
                        .formatted(String.join(
                                ", ", targets.stream().map(t -> "'" + t + "'").toList())));
        Process process = new ProcessBuilder(
                        "/usr/bin/prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        URI url = URI.create("http://127.0.0.1:" + port + "/");
        PrometheusServer server = new PrometheusServer(process, url);
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(
                                        HttpRequest.newBuilder(url.resolve("-/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
            }
            Thread.sleep(100);
        }
        server.close();
        throw new IllegalStateException("Prometheus not ready after 30 s");
    }

    public URI url() {
        return url;
    }

    public void hang() throws IOException, InterruptedException {
        signal("STOP");
    }

    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                .start()
                .waitFor();
    }

    @Override
    public void close() {
        try {
            resume();
        } catch (IOException | InterruptedException ignored) {
            // stopping anyway
        }
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
