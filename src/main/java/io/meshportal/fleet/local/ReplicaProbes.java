package io.meshportal.fleet.local;

import io.meshportal.factory.FactoryServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * Readiness and liveness of one factory's replicas, as a kubelet keeps them for pods: it probes each replica, takes
 * a failing one out of traffic, and has a dead one started again after the restart delay, its restart count kept.
 */
final class ReplicaProbes {

    /** What the pages and the Service see of a replica's health. */
    record Status(boolean ready, boolean dead, int restarts) {
        /** A replica without probe results (being started or stopped) counts as ready. */
        static final Status UNKNOWN = new Status(true, false, 0);
    }

    /** A replica's probe results: ready after one success, not ready after two failures; dead when it refuses. */
    private static final class ReplicaHealth {
        volatile boolean ready = true;
        volatile int failures;
        volatile Instant deadSince;
        final int restarts;

        ReplicaHealth(int restarts) {
            this.restarts = restarts;
        }
    }

    private final Map<FactoryServer, ReplicaHealth> health = new ConcurrentHashMap<>();
    private final HttpClient client;
    private final Duration restartDelay;
    private final EventLog events;

    /**
     * @param restartDelay how long a dead replica stays down before it is started again (the kubelet's first
     *                     back-off is 10 s)
     */
    ReplicaProbes(HttpClient client, Duration restartDelay, EventLog events) {
        this.client = client;
        this.restartDelay = restartDelay;
        this.events = events;
    }

    /** A started replica, probed from now on. */
    void admit(FactoryServer replica, int restarts) {
        health.put(replica, new ReplicaHealth(restarts));
    }

    /** A stopped replica, probed no more. */
    void forget(FactoryServer replica) {
        health.remove(replica);
    }

    boolean isReady(FactoryServer replica) {
        ReplicaHealth h = health.get(replica);
        return h == null || h.ready;
    }

    Status status(FactoryServer replica) {
        ReplicaHealth h = health.get(replica);
        return h == null ? Status.UNKNOWN : new Status(h.ready, h.deadSince != null, h.restarts);
    }

    /**
     * One round of probes, as a kubelet does: each replica's {@code /readyz} with a short timeout. A replica that
     * fails twice gets no traffic until it answers again; one that refuses connections is dead and is started
     * again (a new process, same slot) after the restart delay, its restart count kept.
     *
     * @param replicas    the factory's replicas, read before and after the round
     * @param restartDead starts a dead replica again, given the restarts it had so far
     * @return whether anything the pages show changed (readiness, a failed replica, a restart)
     */
    boolean probe(Supplier<List<FactoryServer>> replicas, ObjIntConsumer<FactoryServer> restartDead) {
        List<String> before = shown(replicas.get());
        probeAll(replicas.get(), restartDead);
        return !before.equals(shown(replicas.get()));
    }

    /** What the pages show of the replicas' health: readiness, failed or not, restarts. */
    private List<String> shown(List<FactoryServer> replicas) {
        return replicas.stream()
                .map(r -> {
                    ReplicaHealth h = health.get(r);
                    return h == null ? "-" : h.ready + "/" + (h.deadSince != null) + "/" + h.restarts;
                })
                .toList();
    }

    private void probeAll(List<FactoryServer> replicas, ObjIntConsumer<FactoryServer> restartDead) {
        Instant now = Instant.now();
        for (FactoryServer replica : replicas) {
            ReplicaHealth h = health.get(replica);
            if (h == null) {
                continue;
            }
            try {
                HttpResponse<Void> answer = client.send(
                        HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/readyz"))
                                .timeout(Duration.ofMillis(800))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    h.ready = true;
                    h.failures = 0;
                    h.deadSince = null;
                } else {
                    failed(replica, h, "answered " + answer.statusCode());
                }
            } catch (ConnectException dead) {
                h.ready = false;
                if (h.deadSince == null) {
                    h.deadSince = now;
                    events.warning(
                            "BackOff",
                            ReplicaLifecycle.objectName(replica),
                            "Replica stopped answering (connection refused)");
                }
                if (!now.isBefore(h.deadSince.plus(restartDelay))) {
                    restartDead.accept(replica, h.restarts);
                }
            } catch (IOException e) {
                failed(replica, h, "timed out or broke off");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void failed(FactoryServer replica, ReplicaHealth h, String how) {
        h.failures++;
        if (h.failures >= 2) {
            if (h.ready) {
                events.warning("Unhealthy", ReplicaLifecycle.objectName(replica), "Readiness probe failed: " + how);
            }
            h.ready = false;
        }
    }
}
