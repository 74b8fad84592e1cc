package io.meshportal.mesh;

import com.vaadin.flow.shared.Registration;
import io.meshportal.base.Subscribers;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.FactorySource;
import io.meshportal.fleet.Versions;
import io.meshportal.security.Viewer;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Mesh signals for the views and alert rules: read from the {@link SignalsSource} every interval on a thread of
 * its own, with the same guards as the telemetry pollers — a time limit per read, one read in flight (a hung
 * source never piles up reads), and the source marked DOWN at the first failure, so within interval + time limit
 * (2.5 s by default). Every read is cut to what runs now (the fleet's factories, and per version the versions they
 * run) and published to the subscribers, cut to what each may see.
 */
@Service
public class MeshSignalsService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MeshSignalsService.class);

    private final SignalsSource source;
    private final FactorySource fleet;
    private final SignalsProperties properties;
    private final Clock clock;
    private final Subscribers<Viewer, SignalsSnapshot> subscribers = new Subscribers<>();
    private final AtomicBoolean reading = new AtomicBoolean();
    private final ExecutorService reads = Executors.newVirtualThreadPerTaskExecutor();
    private ScheduledExecutorService scheduler;
    /**
     * Opens after half of the last four reads failed, so a failing source is asked only once every two seconds
     * (half-open), and closes at the first good read: recovery within about two seconds.
     */
    private final io.github.resilience4j.circuitbreaker.CircuitBreaker breaker =
            io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
                    "mesh-signals",
                    io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                            .slidingWindowSize(4)
                            .minimumNumberOfCalls(2)
                            .failureRateThreshold(50)
                            .waitDurationInOpenState(java.time.Duration.ofSeconds(2))
                            .permittedNumberOfCallsInHalfOpenState(1)
                            .build());

    private volatile SignalsSnapshot latest;

    MeshSignalsService(SignalsSource source, SignalsProperties properties, Clock clock, FactorySource fleet) {
        this.source = source;
        this.fleet = fleet;
        this.properties = properties;
        this.clock = clock;
        this.latest = new SignalsSnapshot(
                clock.instant(),
                SignalsSnapshot.State.DOWN,
                source.description(),
                "not read yet",
                List.of(),
                List.of());
    }

    public SignalsSnapshot current(Viewer viewer) {
        Viewer.signedIn(viewer);
        return latest.scopedTo(viewer);
    }

    /** Every new reading, scoped to the viewer; the listener runs on the signals thread (use {@code ui.access}). */
    public Registration subscribe(Viewer viewer, Consumer<SignalsSnapshot> listener) {
        Viewer.signedIn(viewer);
        return subscribers.add(viewer, listener);
    }

    /** The unscoped reading, for alert evaluation (which scopes the alerts it raises itself). */
    public SignalsSnapshot latest() {
        return latest;
    }

    /** One read now; returns when it is published (tests, and the scheduler). */
    void refresh() {
        if (!breaker.tryAcquirePermission()) {
            return; // the source failed repeatedly: it stays DOWN until the breaker lets a read through again
        }
        if (!reading.compareAndSet(false, true)) {
            breaker.releasePermission();
            return; // the previous read still runs: a hung source gets one read at a time
        }
        long started = System.nanoTime();
        Future<SignalsSource.Readings> read = reads.submit(() -> {
            try {
                return source.read();
            } finally {
                reading.set(false);
            }
        });
        SignalsSnapshot next;
        try {
            SignalsSource.Readings r = read.get(properties.signalsTimeout().toMillis(), TimeUnit.MILLISECONDS);
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            SignalsSource.Readings now = running(r, fleet);
            next = new SignalsSnapshot(
                    clock.instant(),
                    SignalsSnapshot.State.READY,
                    source.description(),
                    null,
                    now.factories(),
                    now.edges());
        } catch (TimeoutException e) {
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            next = down("no answer within " + properties.signalsTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof SignalsUnavailable unavailable && unavailable.notConfigured()) {
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS); // nothing failed
                next = new SignalsSnapshot(
                        clock.instant(),
                        SignalsSnapshot.State.NOT_CONFIGURED,
                        source.description(),
                        cause.getMessage(),
                        List.of(),
                        List.of());
            } else {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, cause);
                next = down(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
            }
        } catch (InterruptedException e) {
            breaker.releasePermission();
            Thread.currentThread().interrupt();
            return;
        }
        latest = next;
        publish(next);
    }

    /**
     * Only what still runs: Prometheus keeps a deleted workload's series for its lookback window (and rate() over
     * the window still yields them), so a deleted factory, or a version retired (a canary rolled back, a stable
     * version promoted away), would linger on the page, in the graph and in the rules. The reading is cut to the
     * fleet's factories now and, per version, to factories that run two versions and to those two. One read of the
     * fleet's own state (memory, informer caches) per round; a split that cannot be read this round cuts nothing
     * per version.
     */
    static SignalsSource.Readings running(SignalsSource.Readings readings, FactorySource fleet) {
        Set<String> ids = new HashSet<>();
        for (FactoryRef ref : fleet.factories()) {
            ids.add(ref.id());
        }
        Map<String, Versions> splits;
        try {
            splits = fleet.splits();
        } catch (RuntimeException e) {
            splits = null;
        }
        Map<String, Versions> running = splits;
        return new SignalsSource.Readings(
                readings.factories().stream()
                        .filter(f -> ids.contains(f.factoryId())
                                && (f.version() == null || running == null || runs(running.get(f.factoryId()), f)))
                        .toList(),
                readings.edges().stream()
                        .filter(e -> ids.contains(e.factoryId()))
                        .toList());
    }

    /** Whether a per-version row is of a version its factory runs beside another one now. */
    private static boolean runs(Versions versions, FactorySignals row) {
        return versions != null
                && versions.canary() != null
                && (row.version().equals(versions.stable().name())
                        || row.version().equals(versions.canary().name()));
    }

    private SignalsSnapshot down(String why) {
        return new SignalsSnapshot(
                clock.instant(), SignalsSnapshot.State.DOWN, source.description(), why, List.of(), List.of());
    }

    private void publish(SignalsSnapshot snapshot) {
        subscribers.publish(snapshot::scopedTo);
    }

    @Override
    public synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mesh-signals");
                t.setDaemon(true);
                return t;
            });
            long every = properties.signalsInterval().toMillis();
            scheduler.scheduleWithFixedDelay(
                    () -> {
                        try {
                            refresh();
                        } catch (RuntimeException e) {
                            log.warn("Mesh signals not read: {}", e.toString());
                        }
                    },
                    0,
                    every,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
