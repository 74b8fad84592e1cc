package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.PodLogs;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import io.meshportal.fleet.LogLine;
import io.meshportal.fleet.LogListener;
import io.meshportal.fleet.LogQuery;
import io.meshportal.fleet.LogSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Factory pods' container logs through the API server's log endpoint ({@code GET .../pods/<pod>/log?follow=true
 * &timestamps=true}, as {@code kubectl logs -f --timestamps}). A stream that breaks (the API server or kubelet
 * closed it, the network dropped) is resumed from the last line's time without repeating a line; after
 * {@link #MAX_RESUMES} breaks in a row, or when the pod is gone or the cluster refuses, it ends with the reason.
 */
final class KubernetesLogs {

    static final String CONTAINER = "factory";
    static final int MAX_RESUMES = 5;
    /** Lines handed on together when they arrive together (a tail), so a follower is not called per line. */
    static final int BATCH = 200;

    private final Clusters clusters;
    private final Duration backoff;

    KubernetesLogs(Clusters clusters, Duration backoff) {
        this.clusters = clusters;
        this.backoff = backoff;
    }

    List<LogSource> sources(String factoryId) {
        ClusterClient cluster = clusters.hostingIfAny(factoryId).orElse(null);
        if (cluster == null) {
            return List.of();
        }
        return pods(cluster, factoryId).stream()
                .map(p -> new LogSource(
                        p.getMetadata().getName(),
                        label(p, FactoryLabels.VERSION),
                        p.getStatus() != null && "Running".equals(p.getStatus().getPhase())))
                .toList();
    }

    private static List<V1Pod> pods(ClusterClient cluster, String factoryId) {
        return cluster.pods.getIndexer().list().stream()
                .filter(p -> factoryId.equals(label(p, FactoryLabels.FACTORY)))
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
    }

    private static String label(V1Pod pod, String key) {
        Map<String, String> labels =
                pod.getMetadata() == null ? null : pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    Runnable follow(String factoryId, String pod, LogQuery query, LogListener listener) {
        ClusterClient cluster = clusters.hosting(factoryId);
        if (pods(cluster, factoryId).stream()
                .noneMatch(p -> p.getMetadata().getName().equals(pod))) {
            // only the factory's own pods: a name from a caller must not read another workload's log
            throw new NoSuchElementException("No pod " + pod + " of " + factoryId);
        }
        Follow follow = new Follow(cluster, factoryId, pod, query, listener);
        Thread.ofVirtual().name("log-" + pod).start(follow::run);
        return follow::close;
    }

    private final class Follow {

        private final ClusterClient cluster;
        private final String factoryId;
        private final String pod;
        private final LogQuery query;
        private final LogListener listener;
        private final AtomicReference<InputStream> open = new AtomicReference<>();
        private volatile boolean closed;
        private Instant last;

        Follow(ClusterClient cluster, String factoryId, String pod, LogQuery query, LogListener listener) {
            this.cluster = cluster;
            this.factoryId = factoryId;
            this.pod = pod;
            this.query = query;
            this.listener = listener;
        }

        void close() {
            closed = true;
            InputStream in = open.getAndSet(null);
            if (in != null) {
                try {
                    in.close(); // unblocks the reading thread
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        void run() {
            int breaks = 0;
            while (!closed) {
                String reason;
                try {
                    boolean progressed = stream();
                    if (closed) {
                        return;
                    }
                    reason = "the log stream was closed by the cluster";
                    if (progressed) {
                        breaks = 0;
                    }
                } catch (ApiException e) {
                    if (closed) {
                        return;
                    }
                    if (e.getCode() == 404 || e.getCode() == 401 || e.getCode() == 403) {
                        listener.ended(
                                e.getCode() == 404
                                        ? "The pod is gone"
                                        : "The cluster refused to show this log (HTTP " + e.getCode() + ")");
                        return;
                    }
                    reason = "the cluster answered HTTP " + e.getCode();
                } catch (IOException | RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    reason = "the connection broke (" + e.getClass().getSimpleName() + ")";
                }
                if (pods(cluster, factoryId).stream()
                        .noneMatch(p -> p.getMetadata().getName().equals(pod))) {
                    listener.ended("The pod is gone");
                    return;
                }
                if (++breaks > MAX_RESUMES) {
                    listener.ended("Gave up after " + MAX_RESUMES + " attempts: " + reason);
                    return;
                }
                listener.interrupted(reason);
                try {
                    Thread.sleep(backoff.multipliedBy(breaks).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** One request; true when it brought at least one new line. */
        private boolean stream() throws ApiException, IOException {
            Integer sinceSeconds;
            Integer tail;
            if (last == null) {
                sinceSeconds =
                        query.since() == null ? null : (int) query.since().toSeconds();
                tail = query.tailLines();
            } else {
                // resumed: from the second of the last line (the API counts whole seconds), repeats dropped below
                sinceSeconds =
                        (int) Math.max(1, Duration.between(last, Instant.now()).toSeconds() + 1);
                tail = null;
            }
            InputStream in = new PodLogs(cluster.streams)
                    .streamNamespacedPodLog(cluster.namespace, pod, CONTAINER, sinceSeconds, tail, true);
            open.set(in);
            if (closed) {
                in.close();
                return false;
            }
            boolean progressed = false;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                List<LogLine> batch = new ArrayList<>();
                String raw;
                while ((raw = reader.readLine()) != null) {
                    LogLine line = parse(raw);
                    if (last != null && line.at() != null && !line.at().isAfter(last)) {
                        continue; // already handed on before the stream broke
                    }
                    if (line.at() != null) {
                        last = line.at();
                    }
                    batch.add(line);
                    progressed = true;
                    if (batch.size() >= BATCH || !reader.ready()) {
                        listener.lines(List.copyOf(batch));
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    listener.lines(List.copyOf(batch));
                }
            } finally {
                open.compareAndSet(in, null);
            }
            return progressed;
        }
    }

    /** {@code <RFC 3339 time> <text>} as the kubelet writes lines with timestamps=true; a line without one kept whole. */
    static LogLine parse(String raw) {
        int space = raw.indexOf(' ');
        if (space > 0) {
            try {
                return new LogLine(Instant.parse(raw.substring(0, space)), raw.substring(space + 1));
            } catch (DateTimeParseException notATime) {
                // fall through
            }
        }
        return new LogLine(null, raw);
    }
}
