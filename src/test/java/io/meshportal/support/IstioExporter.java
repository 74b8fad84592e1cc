package io.meshportal.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A fixture exporter serving Istio-format series (istio_requests_total, istio_request_duration_milliseconds)
 * whose rates the test controls: each traffic stream adds requests at its rate, every 100 ms, with one code and
 * one duration. What Prometheus then computes with rate() and histogram_quantile() is known in advance.
 */
public final class IstioExporter implements AutoCloseable {

    static final double[] BUCKETS = {0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

    /** One stream: its labels, requests per second, response code and duration (changeable while running). */
    public static final class Stream {
        final String labels;
        volatile double perSecond;
        volatile int code;
        volatile double millis;
        double count;

        Stream(String labels, double perSecond, int code, double millis) {
            this.labels = labels;
            this.perSecond = perSecond;
            this.code = code;
            this.millis = millis;
        }

        public void set(double perSecond, double millis) {
            this.perSecond = perSecond;
            this.millis = millis;
        }
    }

    private final List<Stream> streams = new ArrayList<>();
    private final Map<String, double[]> histograms = new ConcurrentHashMap<>();
    private final Map<String, Double> counters = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    public IstioExporter() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/metrics", exchange -> {
            byte[] body = text().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        ticker.scheduleAtFixedRate(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Traffic from the portal to a factory's version in a cluster, over mutual TLS. */
    public synchronized Stream stream(
            String factory, String cluster, String version, double perSecond, int code, double millis) {
        String labels = "reporter=\"source\",source_workload=\"meshportal\",destination_service=\"factory-" + factory
                + ".factories.svc.cluster.local\",destination_cluster=\"" + cluster + "\",destination_version=\""
                + version + "\",connection_security_policy=\"mutual_tls\"";
        Stream s = new Stream(labels, perSecond, code, millis);
        streams.add(s);
        return s;
    }

    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized void tick() {
        for (Stream s : streams) {
            double n = s.perSecond / 10;
            counters.merge(s.labels + ",response_code=\"" + s.code + "\"", n, Double::sum);
            double[] h = histograms.computeIfAbsent(s.labels, k -> new double[BUCKETS.length + 2]);
            for (int i = 0; i < BUCKETS.length; i++) {
                if (s.millis <= BUCKETS[i]) {
                    h[i] += n;
                }
            }
            h[BUCKETS.length] += n; // +Inf
            h[BUCKETS.length + 1] += n * s.millis; // sum
        }
    }

    private synchronized String text() {
        StringBuilder out = new StringBuilder("# TYPE istio_requests_total counter\n");
        counters.forEach((labels, v) -> out.append("istio_requests_total{")
                .append(labels)
                .append("} ")
                .append(String.format(Locale.ROOT, "%.3f", v))
                .append('\n'));
        out.append("# TYPE istio_request_duration_milliseconds histogram\n");
        histograms.forEach((labels, h) -> {
            for (int i = 0; i < BUCKETS.length; i++) {
                out.append("istio_request_duration_milliseconds_bucket{")
                        .append(labels)
                        .append(",le=\"")
                        .append(BUCKETS[i])
                        .append("\"} ")
                        .append(String.format(Locale.ROOT, "%.3f", h[i]))
                        .append('\n');
            }
            out.append("istio_request_duration_milliseconds_bucket{")
                    .append(labels)
                    .append(",le=\"+Inf\"} ")
                    .append(String.format(Locale.ROOT, "%.3f", h[BUCKETS.length]))
                    .append('\n');
            out.append("istio_request_duration_milliseconds_sum{")
                    .append(labels)
                    .append("} ")
                    .append(String.format(Locale.ROOT, "%.3f", h[BUCKETS.length + 1]))
                    .append('\n');
            out.append("istio_request_duration_milliseconds_count{")
                    .append(labels)
                    .append("} ")
                    .append(String.format(Locale.ROOT, "%.3f", h[BUCKETS.length]))
                    .append('\n');
        });
        return out.toString();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
    }
}
