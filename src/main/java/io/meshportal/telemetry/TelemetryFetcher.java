package io.meshportal.telemetry;

import io.meshportal.factory.TelemetryJson;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.fleet.FactoryRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fetches one factory's snapshot on a virtual thread and checks it: over the factory's kept-alive
 * {@link PollEndpoint} on plain http, with the JDK client on https. Every problem with the answer (status, size,
 * JSON, a factory answering under another id, a network error) becomes a {@link BadTelemetryException} whose
 * message is what the factory's health shows. Knows nothing of guards or rounds: {@link GuardedPoll} calls it.
 */
final class TelemetryFetcher implements AutoCloseable {

    private final TelemetryProperties properties;
    private final ExecutorService fetchers = Executors.newVirtualThreadPerTaskExecutor();
    /** Only for factories behind an https URL; plain http ones are polled through their {@link PollEndpoint}. */
    private volatile HttpClient https;

    TelemetryFetcher(TelemetryProperties properties) {
        this.properties = properties;
    }

    /** Starts the fetch on its own virtual thread. */
    CompletableFuture<TelemetrySnapshot> fetchAsync(FactoryChannel channel) {
        return CompletableFuture.supplyAsync(() -> fetch(channel), fetchers);
    }

    /** Starts the fetch of one version, pinned by its header, on its own virtual thread. */
    CompletableFuture<TelemetrySnapshot> fetchAsync(FactoryChannel channel, FactoryChannel.Pin pin) {
        return CompletableFuture.supplyAsync(
                () -> {
                    TelemetrySnapshot s =
                            pin.endpoint == null ? fetchHttps(channel, pin.version) : fetch(channel, pin.endpoint);
                    if (!pin.version.equals(s.version())) {
                        // the route did not pin (a mesh without the version's header route): not this version's figure
                        throw new BadTelemetryException(
                                "version " + pin.version + " asked, " + s.version() + " answered: no route pins it");
                    }
                    return s;
                },
                fetchers);
    }

    /** Blocking fetch on a virtual thread; any problem with the answer is an exception. */
    private TelemetrySnapshot fetch(FactoryChannel channel) {
        if (channel.endpoint == null) {
            return fetchHttps(channel, null);
        }
        return fetch(channel, channel.endpoint);
    }

    private TelemetrySnapshot fetch(FactoryChannel channel, PollEndpoint endpoint) {
        // the poll's whole time limit: connecting, sending and reading (no timer task per poll)
        long deadline = System.nanoTime() + properties.timeout().toNanos();
        try {
            HttpAnswerReader.Answer answer = endpoint.get(deadline, properties.maxBodyBytes());
            if (answer.status() != 200) {
                throw new BadTelemetryException("HTTP " + answer.status());
            }
            return checked(channel.ref, answer.body());
        } catch (IOException e) {
            throw new BadTelemetryException(reason(e));
        }
    }

    /** Clock differences between a factory and the portal up to this much are tolerated in its markers. */
    static final java.time.Duration MARKER_SLACK = java.time.Duration.ofSeconds(5);

    static TelemetrySnapshot checked(FactoryRef ref, byte[] body) {
        TelemetrySnapshot snapshot;
        try {
            snapshot = TelemetryJson.read(body);
        } catch (IllegalArgumentException e) {
            throw new BadTelemetryException(e.getMessage());
        }
        if (!snapshot.factoryId().equals(ref.id())) {
            throw new BadTelemetryException("answered as factory '" + snapshot.factoryId() + "'");
        }
        // a counter cannot have restarted after the moment it reports: such a snapshot is wrong, none of it counts
        java.time.Instant latestPossible = snapshot.timestamp().plus(MARKER_SLACK);
        if (snapshot.countingSince() != null && snapshot.countingSince().isAfter(latestPossible)) {
            throw new BadTelemetryException("counting since " + snapshot.countingSince() + ", after its own time "
                    + snapshot.timestamp() + ": ignored");
        }
        if (snapshot.shiftStart() != null && snapshot.shiftStart().isAfter(latestPossible)) {
            throw new BadTelemetryException("shift start " + snapshot.shiftStart() + " is after its own time "
                    + snapshot.timestamp() + ": ignored");
        }
        return snapshot;
    }

    /** "timed out", the reader's own reason, or the JDK's exception name and message (ConnectException: …). */
    private static String reason(IOException e) {
        if (e instanceof java.net.SocketTimeoutException || e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        if (e.getClass() == IOException.class && e.getMessage() != null) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private HttpClient https() {
        HttpClient client = https;
        if (client == null) {
            synchronized (this) {
                if (https == null) {
                    https = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(properties.timeout())
                            .executor(fetchers)
                            .build();
                }
                client = https;
            }
        }
        return client;
    }

    private TelemetrySnapshot fetchHttps(FactoryChannel channel, String version) {
        FactoryRef ref = channel.ref;
        HttpRequest.Builder builder = HttpRequest.newBuilder(channel.telemetryUri);
        if (version != null) {
            builder.header(io.meshportal.fleet.Versions.HEADER, version);
        }
        HttpRequest request = builder.timeout(
                        properties.timeout().plusMillis(200)) // frees the virtual thread soon after the limiter gave up
                .header("Accept", "application/json")
                // who calls, for the embedded Service proxy's metrics (in the mesh the sidecar knows it)
                .header("X-Source-Workload", "meshportal")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = https().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new BadTelemetryException("HTTP " + response.statusCode());
                }
                long declared =
                        response.headers().firstValueAsLong("content-length").orElse(-1);
                if (declared > properties.maxBodyBytes()) {
                    throw new BadTelemetryException("response too large: " + declared + " bytes");
                }
                byte[] bytes = body.readNBytes(properties.maxBodyBytes() + 1);
                if (bytes.length > properties.maxBodyBytes()) {
                    throw new BadTelemetryException("response too large");
                }
                return checked(ref, bytes);
            }
        } catch (IOException e) {
            throw new BadTelemetryException(reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadTelemetryException("interrupted");
        }
    }

    /** Ends the fetches in flight and closes the https client, if one was made. */
    @Override
    public void close() {
        fetchers.shutdownNow();
        if (https != null) {
            https.close();
        }
    }

    /** An answer that is no good snapshot of the factory asked; its message is the health's error. */
    static final class BadTelemetryException extends RuntimeException {
        BadTelemetryException(String message) {
            super(message, null, false, false);
        }
    }
}
