package io.meshportal.rollout;

import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.TelemetryJson;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Versions;
import io.meshportal.mesh.FactorySignals;
import io.meshportal.mesh.SignalsSnapshot;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each version of a factory under rollout, watched on its own: its telemetry polled through the factory's Service
 * with the version named in {@link Versions#HEADER} (the mesh's header-matched route, or the embedded proxy's),
 * so the figures are that version's whatever the weights. Bounded: at most {@link #KEEP} samples per version.
 */
final class VersionWatch implements AutoCloseable {

    static final int KEEP = 900;
    /** Below this many units made in a step, the reject share comes from the version's shift figures instead. */
    static final long MIN_UNITS_FOR_STEP_REJECTS = 100;

    private record Sample(Instant at, TelemetrySnapshot snapshot) {}

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    private final Duration timeout;
    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();

    VersionWatch(Duration timeout) {
        this.timeout = timeout;
    }

    /** One sample of one version; false when it did not answer with its telemetry. */
    boolean poll(FactoryRef factory, String version, Instant now) {
        try {
            HttpResponse<byte[]> answer = client.send(
                    HttpRequest.newBuilder(factory.telemetryUrl().resolve(FactoryServer.TELEMETRY.substring(1)))
                            .header(Versions.HEADER, version)
                            .header("X-Source-Workload", "meshportal")
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200 || answer.body().length > 256 * 1024) {
                return false;
            }
            TelemetrySnapshot snapshot = TelemetryJson.read(answer.body());
            if (!version.equals(snapshot.version())) {
                return false; // not pinned (a mesh without the version route): not this version's figure
            }
            Deque<Sample> deque = samples.computeIfAbsent(key(factory.id(), version), k -> new ArrayDeque<>());
            synchronized (deque) {
                deque.addLast(new Sample(now, snapshot));
                while (deque.size() > KEEP) {
                    deque.removeFirst();
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false; // a version that does not answer simply has fewer samples
        }
    }

    /**
     * The version's figures since {@code since}, with its mesh signals when the source has them per version (or,
     * for the only version a factory runs, the factory's own: sources split by version only when there are two).
     */
    VersionFigures figures(String factoryId, String version, Instant since, SignalsSnapshot signals, boolean only) {
        List<Sample> window;
        Deque<Sample> deque = samples.get(key(factoryId, version));
        if (deque == null) {
            window = List.of();
        } else {
            synchronized (deque) {
                window = deque.stream().filter(s -> !s.at().isBefore(since)).toList();
            }
        }
        Double output = null;
        Double rejects = null;
        Double oee = null;
        if (!window.isEmpty()) {
            output = window.stream()
                    .mapToDouble(s -> s.snapshot().outputRate())
                    .average()
                    .orElse(0);
            TelemetrySnapshot first = window.getFirst().snapshot();
            TelemetrySnapshot last = window.getLast().snapshot();
            long made = last.outputTotal() - first.outputTotal();
            long rejected = rejected(last) - rejected(first);
            if (made >= MIN_UNITS_FOR_STEP_REJECTS && rejected >= 0) {
                rejects = 100.0 * rejected / made;
            } else if (last.oee().totalCount() > 0) {
                rejects = 100.0
                        * (last.oee().totalCount() - last.oee().goodCount())
                        / last.oee().totalCount();
            }
            oee = 100 * last.oee().oee();
        }
        FactorySignals mesh = signals == null
                ? null
                : signals.factories().stream()
                        .filter(f -> f.factoryId().equals(factoryId)
                                && (version.equals(f.version()) || (only && f.version() == null)))
                        .findFirst()
                        .orElse(null);
        return new VersionFigures(
                version,
                window.size(),
                output,
                rejects,
                oee,
                mesh == null ? null : mesh.signal().requestsPerSecond(),
                mesh == null ? null : mesh.signal().errorPercent(),
                mesh == null ? null : mesh.signal().p99Millis());
    }

    private static long rejected(TelemetrySnapshot s) {
        return s.outputs().stream()
                .mapToLong(TelemetrySnapshot.Output::rejected)
                .sum();
    }

    /** Forgets a factory's samples (its rollout ended). */
    void forget(String factoryId) {
        samples.keySet().removeIf(k -> k.startsWith(factoryId + "|"));
    }

    private static String key(String factoryId, String version) {
        return factoryId + "|" + version;
    }

    @Override
    public void close() {
        client.close();
    }
}
