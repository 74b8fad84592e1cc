package io.meshportal.telemetry;

import com.vaadin.flow.shared.Registration;
import io.meshportal.factory.FactoryState;
import io.meshportal.fleet.FactoryReporting;
import io.meshportal.fleet.FactorySource;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Viewer;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * What views use: the current tick, histories and live subscriptions, always for a {@link Viewer} and always
 * cut to what that viewer may see. A factory manager asking for another factory gets an
 * {@link AccessDeniedException}, whatever path the request took.
 */
@Service
public class TelemetryService implements SmartLifecycle, FactoryReporting {

    private final TelemetryPoller poller;
    private final TelemetryBroadcaster broadcaster = new TelemetryBroadcaster();
    private final History fleetHistory;
    private final Clock clock;
    private volatile TelemetryUpdate latest;
    private volatile boolean running;

    private final TelemetryMetrics metrics;

    private final ProductionCounter counter;

    TelemetryService(
            FactorySource fleet,
            TelemetryProperties properties,
            Clock clock,
            io.micrometer.core.instrument.MeterRegistry registry,
            io.meshportal.calendar.FactoryTimes times,
            io.meshportal.telemetry.rollup.RollupStore store) {
        this.metrics = new TelemetryMetrics(registry);
        this.clock = clock;
        this.fleetHistory = new History(properties.historySize());
        this.latest = TelemetryUpdate.of(clock.instant(), List.of());
        this.counter = new ProductionCounter(times, request -> {
            if (request.life() != null) {
                String stored = store.life(request.factoryId());
                if (stored != null && !stored.equals(request.life())) {
                    // a new life of the id (made again): nothing of the ended one counts; the history writer
                    // removes its history before it writes this life's first minutes
                    return new LiveCount.Base(
                            request.day(), java.util.Map.of(), java.util.Map.of(), io.meshportal.factory.Oee.NONE);
                }
            }
            var sums = store.daySums(
                    request.factoryId(), request.dayStartMinute(), request.shiftStartMinute(), request.beforeMinute());
            return new LiveCount.Base(
                    request.day(),
                    sums.products(),
                    java.util.Map.of("", sums.materialIn()),
                    io.meshportal.factory.Oee.of(
                            sums.plannedSeconds(),
                            sums.runSeconds(),
                            sums.idealSeconds(),
                            sums.totalCount(),
                            sums.goodCount()));
        });
        io.micrometer.core.instrument.FunctionCounter.builder(
                        "meshportal.telemetry.decreases.ignored", counter, ProductionCounter::decreases)
                .description("Counter decreases a factory reported without saying it restarted (ignored, not booked)")
                .register(registry);
        this.poller = new TelemetryPoller(fleet, properties, clock, this::onTick, counter);
    }

    /** The one place production is counted; the history recorder writes what it closes. */
    ProductionCounter counter() {
        return counter;
    }

    private void onTick(TelemetryUpdate update) {
        latest = update;
        metrics.update(update);
        FleetTotals t = update.totals();
        if (update.factories().stream().anyMatch(f -> f.latest() != null)) {
            fleetHistory.add(new Sample(
                    update.at().toEpochMilli(),
                    FactoryState.RUNNING,
                    t.outputRatePerMinute(),
                    t.inputRatePerMinute(),
                    t.oee().oee(),
                    t.outputTotal()));
        }
        broadcaster.publish(update);
    }

    public TelemetryUpdate current(Viewer viewer) {
        Viewer.signedIn(viewer);
        return latest.scopedTo(viewer);
    }

    /** One factory's current telemetry; empty if it does not exist, denied if the viewer may not see it. */
    public Optional<FactoryTelemetry> factory(Viewer viewer, String factoryId) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        return latest.factories().stream().filter(f -> f.id().equals(factoryId)).findFirst();
    }

    public List<Sample> history(Viewer viewer, String factoryId, Duration range) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        FactoryChannel channel = poller.channel(factoryId);
        return channel == null ? List.of() : channel.history.since(from(range));
    }

    /** Fleet totals over time for office roles; a factory manager's "fleet" is their own factory. */
    public List<Sample> fleetHistory(Viewer viewer, Duration range) {
        Viewer.signedIn(viewer);
        if (!viewer.seesAllFactories()) {
            return history(viewer, viewer.factoryId(), range);
        }
        return fleetHistory.since(from(range));
    }

    /**
     * The summed rates of some factories over time (a filtered dashboard), from their own samples by second. OEE
     * is NaN: a sum of ratios would be wrong, and the samples do not carry OEE's times and counts (the rollups do).
     */
    public List<Sample> fleetHistory(Viewer viewer, Duration range, java.util.Collection<String> factoryIds) {
        Viewer.signedIn(viewer);
        java.util.TreeMap<Long, double[]> bySecond = new java.util.TreeMap<>();
        for (String id : factoryIds) {
            if (!viewer.canSee(id)) {
                continue;
            }
            FactoryChannel channel = poller.channel(id);
            if (channel == null) {
                continue;
            }
            for (Sample s : channel.history.since(from(range))) {
                double[] sum = bySecond.computeIfAbsent(s.epochMillis() / 1000, k -> new double[3]);
                sum[0] += s.outputRate();
                sum[1] += s.inputRate();
                sum[2] += s.outputTotal();
            }
        }
        List<Sample> result = new java.util.ArrayList<>(bySecond.size());
        bySecond.forEach((second, sum) -> result.add(new Sample(
                second * 1000, io.meshportal.factory.FactoryState.RUNNING, sum[0], sum[1], Double.NaN, (long) sum[2])));
        return result;
    }

    /** Live updates, scoped to the viewer; the listener runs on the telemetry thread (use {@code ui.access}). */
    public Registration subscribe(Viewer viewer, Consumer<TelemetryUpdate> listener) {
        Viewer.signedIn(viewer);
        return broadcaster.subscribe(viewer, listener);
    }

    /** For the create dialog: runs {@code then} once the factory's first sample is in. */
    @Override
    public Registration whenReporting(Viewer viewer, String factoryId, Runnable then) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Registration> registration =
                new java.util.concurrent.atomic.AtomicReference<>();
        registration.set(broadcaster.subscribe(viewer, update -> {
            boolean arrived = update.factories().stream().anyMatch(f -> f.id().equals(factoryId) && f.latest() != null);
            if (arrived && done.compareAndSet(false, true)) {
                Registration own = registration.get();
                if (own != null) {
                    own.remove();
                }
                then.run();
            }
        }));
        return () -> {
            done.set(true);
            registration.get().remove();
        };
    }

    int subscriberCount() {
        return broadcaster.subscriberCount();
    }

    private long from(Duration range) {
        return clock.millis() - range.toMillis();
    }

    @Override
    public void start() {
        poller.start();
        running = true;
    }

    @Override
    public void stop() {
        poller.pause();
        running = false;
    }

    @PreDestroy
    void close() {
        poller.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
