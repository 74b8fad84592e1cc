package io.meshportal.telemetry;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.meshportal.factory.TelemetrySnapshot;
import java.time.Clock;
import java.time.Instant;
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
