package io.meshportal.telemetry;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.meshportal.factory.TelemetrySnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Polls one factory through its own guards and records the outcome on its {@link FactoryChannel}: the bulkhead
 * (at most two polls in flight), the circuit breaker (an open one answers DOWN without a request), and the time
 * limit (the socket's deadline on plain http, resilience4j's time limiter on https). A good answer sets the
 * factory's health (UP, or DEGRADED when slow) and adds a sample to its history; a failure sets DEGRADED, or DOWN
 * once the breaker opened.
 */
final class GuardedPoll {

    private final TelemetryProperties properties;
    private final Clock clock;
    private final TelemetryFetcher fetcher;
    /** Runs the time limiter's timers (the poller's tick thread). */
    private final ScheduledExecutorService timers;

    private final TimeLimiter timeLimiter;

    GuardedPoll(
            TelemetryProperties properties, Clock clock, TelemetryFetcher fetcher, ScheduledExecutorService timers) {
        this.properties = properties;
        this.clock = clock;
        this.fetcher = fetcher;
        this.timers = timers;
        this.timeLimiter = TimeLimiter.of(TimeLimiterConfig.custom()
                .timeoutDuration(properties.timeout())
                .cancelRunningFuture(true)
                .build());
    }

    /** Polls one factory; the returned future completes when its outcome has been recorded. */
    CompletableFuture<?> poll(FactoryChannel channel) {
        if (!channel.bulkhead.tryAcquirePermission()) {
            return CompletableFuture.completedFuture(null); // two polls in flight: their time limit ends them
        }
        if (!channel.breaker.tryAcquirePermission()) {
            channel.bulkhead.onComplete();
            channel.failed(FactoryStatus.DOWN, "circuit open after repeated failures", 0);
            return CompletableFuture.completedFuture(null);
        }
        long started = System.nanoTime();
        if (channel.split() != null) {
            return pollVersions(channel, started);
        }
        CompletableFuture<TelemetrySnapshot> fetch = fetcher.fetchAsync(channel);
        // a plain http poll ends by its own deadline (the socket's); the JDK client's needs the limiter
        CompletionStage<TelemetrySnapshot> limited =
                channel.endpoint != null ? fetch : timeLimiter.executeCompletionStage(timers, () -> fetch);
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

    /**
     * While a factory runs two versions, one poll is a pinned request per version, in parallel, under the
     * factory's one bulkhead permit and breaker: it succeeds when any version answered (a version that did not is
     * named in the health, DEGRADED), and fails when none did.
     */
    private CompletableFuture<?> pollVersions(FactoryChannel channel, long started) {
        List<FactoryChannel.Pin> pins = channel.pins();
        List<CompletableFuture<?>> each = new ArrayList<>(pins.size());
        for (FactoryChannel.Pin pin : pins) {
            CompletableFuture<TelemetrySnapshot> fetch = fetcher.fetchAsync(channel, pin);
            CompletionStage<TelemetrySnapshot> limited =
                    pin.endpoint != null ? fetch : timeLimiter.executeCompletionStage(timers, () -> fetch);
            each.add(limited.whenComplete((snapshot, error) -> {
                        if (error == null) {
                            pin.latest = snapshot;
                            pin.problem = null;
                        } else {
                            pin.problem = describe(unwrap(error));
                        }
                    })
                    .toCompletableFuture()
                    .exceptionally(e -> null));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).whenComplete((done, ignored) -> {
            long nanos = System.nanoTime() - started;
            channel.bulkhead.onComplete();
            List<String> problems = new ArrayList<>();
            for (FactoryChannel.Pin pin : pins) {
                if (pin.problem != null) {
                    problems.add("version " + pin.version + ": " + pin.problem);
                }
            }
            if (problems.size() == pins.size() && !pins.isEmpty()) {
                String reason = String.join("; ", problems);
                channel.breaker.onError(nanos, TimeUnit.NANOSECONDS, new IllegalStateException(reason));
                boolean open = channel.breaker.getState() != CircuitBreaker.State.CLOSED;
                channel.failed(open ? FactoryStatus.DOWN : FactoryStatus.DEGRADED, reason, nanos / 1_000_000);
                return;
            }
            channel.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            long latencyMs = nanos / 1_000_000;
            boolean slow = latencyMs > properties.slowThreshold().toMillis();
            String note =
                    !problems.isEmpty() ? String.join("; ", problems) : slow ? "slow: " + latencyMs + " ms" : null;
            channel.succeeded(new FactoryHealth(
                    note != null ? FactoryStatus.DEGRADED : FactoryStatus.UP, clock.instant(), note, latencyMs));
        });
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
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
}
