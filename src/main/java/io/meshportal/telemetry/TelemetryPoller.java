package io.meshportal.telemetry;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.meshportal.factory.TelemetryJson;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.FactorySource;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every factory once per interval, off the UI threads. Each factory has its own resilience4j circuit
 * breaker, bulkhead (at most two polls in flight) and time limit (its socket's deadline on plain http, see
 * {@link PollEndpoint}; resilience4j's time limiter on https), so a dead, hung or slow factory costs at most its
 * own timeout and never delays another. Each round polls the fleet (a large one in slices spread over the
 * interval) and publishes once every answer is in, or at a deadline.
 */
final class TelemetryPoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelemetryPoller.class);

    private final FactorySource fleet;
    private final TelemetryProperties properties;
    private final Clock clock;
    private final Consumer<TelemetryUpdate> sink;
    private final Map<String, FactoryChannel> channels = new ConcurrentHashMap<>();
    /** Healthy factories answer in milliseconds; a round publishes at the latest this long after it started. */
    static final long PUBLISH_DEADLINE_MILLIS = 300;
    /** Slices at least a tenth of the interval apart: finer spreading gains nothing over the ticker's own jitter. */
    static final int MAX_SLICES = 10;

    private final ExecutorService fetchers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "telemetry-tick");
        t.setDaemon(true);
        return t;
    });
    /** Only for factories behind an https URL; plain http ones are polled through their {@link PollEndpoint}. */
    private volatile HttpClient https;

    private final CircuitBreakerConfig breakerConfig;
    private final BulkheadConfig bulkheadConfig;
    private final TimeLimiter timeLimiter;

    TelemetryPoller(FactorySource fleet, TelemetryProperties properties, Clock clock, Consumer<TelemetryUpdate> sink) {
        this.fleet = fleet;
        this.properties = properties;
        this.clock = clock;
        this.sink = sink;
        this.breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(4)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .waitDurationInOpenState(properties.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
        this.bulkheadConfig = BulkheadConfig.custom()
                .maxConcurrentCalls(2)
                .maxWaitDuration(Duration.ZERO)
                .build();
        this.timeLimiter = TimeLimiter.of(TimeLimiterConfig.custom()
                .timeoutDuration(properties.timeout())
                .cancelRunningFuture(true)
                .build());
    }

    private java.util.concurrent.ScheduledFuture<?> ticking;

    /** Starts ticking; may be called again after {@link #pause()} (Spring pauses idle test contexts). */
    synchronized void start() {
        if (ticking == null) {
            ticking = ticker.scheduleAtFixedRate(
                    this::tick, 0, properties.interval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    synchronized void pause() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    /**
     * One round: poll every factory, then publish as soon as all answers are in — or at the publish deadline,
     * so that a hung or slow factory delays nobody else (it shows what it last had, and its age). Publishing
     * runs on the tick thread, one per round. Never throws (it would stop the ticker).
     */
    void tick() {
        try {
            syncChannels();
            int slices = slices(channels.size());
            // one pass sorts the fleet into its slices (a factory's slice follows from its id, so each is polled
            // once a round at the same point of the interval)
            List<List<FactoryChannel>> bySlice = new ArrayList<>(slices);
            for (int i = 0; i < slices; i++) {
                bySlice.add(new ArrayList<>());
            }
            for (FactoryChannel c : channels.values()) {
                bySlice.get(slices == 1 ? 0 : Math.floorMod(c.ref.id().hashCode(), slices))
                        .add(c);
            }
            long gapMillis = properties.interval().toMillis() / slices;
            List<CompletableFuture<?>> round = new ArrayList<>(slices);
            for (int slice = 0; slice < slices; slice++) {
                if (slice == 0) {
                    round.add(pollAll(bySlice.get(0)));
                } else {
                    CompletableFuture<Void> later = new CompletableFuture<>();
                    List<FactoryChannel> members = bySlice.get(slice);
                    ticker.schedule(
                            () -> pollAll(members).whenComplete((done, error) -> later.complete(null)),
                            slice * gapMillis,
                            TimeUnit.MILLISECONDS);
                    round.add(later);
                }
            }
            java.util.concurrent.atomic.AtomicBoolean published = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable publish = () -> {
                if (published.compareAndSet(false, true)) {
                    try {
                        sink.accept(snapshot());
                    } catch (RuntimeException e) {
                        log.error("Publishing telemetry failed", e);
                    }
                }
            };
            CompletableFuture.allOf(round.toArray(CompletableFuture[]::new))
                    .whenComplete((done, error) -> ticker.execute(publish));
            ticker.schedule(publish, (slices - 1) * gapMillis + publishDeadlineMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            log.error("Telemetry tick failed", e);
        }
    }

    /** How many slices a round of {@code factories} is spread over (one up to {@code roundSlice} factories). */
    int slices(int factories) {
        int size = Math.max(1, properties.roundSlice());
        return Math.max(1, Math.min(MAX_SLICES, (factories + size - 1) / size));
    }

    /** Polls the factories of one slice; runs on the ticker; never throws. */
    private CompletableFuture<?> pollAll(List<FactoryChannel> members) {
        try {
            List<CompletableFuture<?>> polls = new ArrayList<>(members.size());
            for (FactoryChannel c : members) {
                polls.add(poll(c));
            }
            return CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new));
        } catch (RuntimeException e) {
            log.error("Telemetry poll failed", e);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** How long a round waits for its slowest factory before publishing without it. */
    private long publishDeadlineMillis() {
        return Math.min(PUBLISH_DEADLINE_MILLIS, properties.timeout().toMillis());
    }

    TelemetryUpdate snapshot() {
        List<FactoryTelemetry> factories = new ArrayList<>(channels.size());
        channels.values().forEach(c -> factories.add(c.telemetry()));
        factories.sort(java.util.Comparator.comparing(FactoryTelemetry::id));
        return TelemetryUpdate.of(clock.instant(), factories);
    }

    FactoryChannel channel(String factoryId) {
        return channels.get(factoryId);
    }

    int inFlightCapacityUsed() {
        return channels.values().stream()
                .mapToInt(c -> bulkheadConfig.getMaxConcurrentCalls()
                        - c.bulkhead.getMetrics().getAvailableConcurrentCalls())
                .sum();
    }

    private void syncChannels() {
        List<FactoryRef> refs = fleet.factories();
        Set<String> ids = new HashSet<>();
        for (FactoryRef ref : refs) {
            ids.add(ref.id());
            channels.compute(
                    ref.id(),
                    (id, existing) -> existing != null && existing.ref.equals(ref)
                            ? existing
                            : replace(
                                    existing,
                                    new FactoryChannel(
                                            ref,
                                            CircuitBreaker.of(id, breakerConfig),
                                            Bulkhead.of(id, bulkheadConfig),
                                            new History(properties.historySize()))));
        }
        channels.values().removeIf(c -> {
            if (ids.contains(c.ref.id())) {
                return false;
            }
            c.close();
            return true;
        });
    }

    private static FactoryChannel replace(FactoryChannel old, FactoryChannel fresh) {
        if (old != null) {
            old.close();
        }
        return fresh;
    }

    /** Polls one factory; the returned future completes when its outcome has been recorded. */
    private CompletableFuture<?> poll(FactoryChannel channel) {
        if (!channel.bulkhead.tryAcquirePermission()) {
            return CompletableFuture.completedFuture(null); // two polls in flight: their time limit ends them
        }
        if (!channel.breaker.tryAcquirePermission()) {
            channel.bulkhead.onComplete();
            channel.failed(FactoryStatus.DOWN, "circuit open after repeated failures", 0);
            return CompletableFuture.completedFuture(null);
        }
        long started = System.nanoTime();
        CompletableFuture<TelemetrySnapshot> fetch = CompletableFuture.supplyAsync(() -> fetch(channel), fetchers);
        // a plain http poll ends by its own deadline (the socket's); the JDK client's needs the limiter
        java.util.concurrent.CompletionStage<TelemetrySnapshot> limited =
                channel.endpoint != null ? fetch : timeLimiter.executeCompletionStage(ticker, () -> fetch);
        return limited.whenComplete((snapshot, error) -> {
                    long nanos = System.nanoTime() - started;
                    channel.bulkhead.onComplete();
                    if (error == null) {
                        channel.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                        recordSuccess(channel, snapshot, nanos);
                    } else {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause()
                                : error;
                        channel.breaker.onError(nanos, TimeUnit.NANOSECONDS, cause);
                        boolean open = channel.breaker.getState() != CircuitBreaker.State.CLOSED;
                        channel.failed(
                                open ? FactoryStatus.DOWN : FactoryStatus.DEGRADED, describe(cause), nanos / 1_000_000);
                    }
                })
                .toCompletableFuture();
    }

    private void recordSuccess(FactoryChannel channel, TelemetrySnapshot snapshot, long nanos) {
        long latencyMs = nanos / 1_000_000;
        boolean slow = latencyMs > properties.slowThreshold().toMillis();
        Instant now = clock.instant();
        channel.succeeded(
                snapshot,
                new FactoryHealth(
                        slow ? FactoryStatus.DEGRADED : FactoryStatus.UP,
                        now,
                        slow ? "slow: " + latencyMs + " ms" : null,
                        latencyMs));
        channel.history.add(new Sample(
                snapshot.timestamp().toEpochMilli(),
                snapshot.state(),
                snapshot.outputRate(),
                snapshot.inputRate(),
                snapshot.oee().oee(),
                snapshot.outputTotal()));
    }

    /** Blocking fetch on a virtual thread; any problem with the answer is an exception. */
    private TelemetrySnapshot fetch(FactoryChannel channel) {
        if (channel.endpoint == null) {
            return fetchHttps(channel);
        }
        // the poll's whole time limit: connecting, sending and reading (no timer task per poll)
        long deadline = System.nanoTime() + properties.timeout().toNanos();
        try {
            HttpAnswerReader.Answer answer = channel.endpoint.get(deadline, properties.maxBodyBytes());
            if (answer.status() != 200) {
                throw new BadTelemetryException("HTTP " + answer.status());
            }
            return checked(channel.ref, answer.body());
        } catch (IOException e) {
            throw new BadTelemetryException(reason(e));
        }
    }

    private static TelemetrySnapshot checked(FactoryRef ref, byte[] body) {
        TelemetrySnapshot snapshot;
        try {
            snapshot = TelemetryJson.read(body);
        } catch (IllegalArgumentException e) {
            throw new BadTelemetryException(e.getMessage());
        }
        if (!snapshot.factoryId().equals(ref.id())) {
            throw new BadTelemetryException("answered as factory '" + snapshot.factoryId() + "'");
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

    private TelemetrySnapshot fetchHttps(FactoryChannel channel) {
        FactoryRef ref = channel.ref;
        HttpRequest request = HttpRequest.newBuilder(channel.telemetryUri)
                .timeout(
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

    private static String describe(Throwable error) {
        if (error instanceof TimeoutException) {
            return "timed out";
        }
        if (error instanceof CallNotPermittedException) {
            return "circuit open";
        }
        String message = error.getMessage();
        if (message == null) {
            return error.getClass().getSimpleName();
        }
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        fetchers.shutdownNow();
        channels.values().forEach(FactoryChannel::close);
        if (https != null) {
            https.close();
        }
    }

    static final class BadTelemetryException extends RuntimeException {
        BadTelemetryException(String message) {
            super(message, null, false, false);
        }
    }
}
