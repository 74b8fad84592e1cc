package io.meshportal.telemetry;

import io.meshportal.fleet.FactoryDeleted;
import io.meshportal.telemetry.rollup.RollupStore;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Writes what the {@link ProductionCounter} counted into the rollup tables, in both fleet modes: complete minutes
 * in one batch every few seconds by the scheduler, never on the tick thread; a batch that cannot be written (the
 * database busy or down) is kept and written with the next one, never dropped silently; hours are recomputed from
 * minutes each minute; old rows go in bounded batches. On stop, the open minutes are written too. History belongs
 * to one life of a factory: a factory deleted through the portal takes its history with it, and an id seen with a
 * new life (made again; in Kubernetes a new Deployment uid) has its ended life's history removed before the new
 * life's first minutes are written. The fleet's own sums keep what every life made.
 */
@Component
class HistoryRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HistoryRecorder.class);

    private final TelemetryService telemetry;
    private final RollupStore store;
    private final HistoryProperties properties;
    private final Clock clock;
    private final AtomicLong failedWrites = new AtomicLong();
    private volatile boolean running;

    HistoryRecorder(TelemetryService telemetry, RollupStore store, HistoryProperties properties, Clock clock) {
        this.telemetry = telemetry;
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    /** Writes every complete minute (a minute is complete once the clock is past it). */
    @Scheduled(fixedDelay = 5000, initialDelay = 5000)
    void flush() {
        flushBefore(Math.floorDiv(clock.millis(), 60_000L));
    }

    /** Batches that could not be written (each kept and retried). */
    long failedWrites() {
        return failedWrites.get();
    }

    private synchronized void flushBefore(long minute) {
        ProductionCounter counter = telemetry.counter();
        ProductionCounter.Closed closed = counter.closeBefore(minute);
        if (closed.isEmpty()) {
            return;
        }
        try {
            // lives first: a factory id made again has its ended life's history removed before its new minutes go in
            java.util.Set<String> renewed = store.write(
                    closed.lives(), Math.floorDiv(clock.millis(), 60_000L), closed.fleetOnly(), closed.minutes());
            if (!renewed.isEmpty()) {
                log.info("New lives of factories {}: the history of their ended lives is removed", renewed);
            }
        } catch (RuntimeException e) {
            failedWrites.incrementAndGet();
            counter.reopen(closed);
            log.warn(
                    "Could not write {} minute rollups, kept to write with the next batch: {}",
                    closed.minutes().size(),
                    e.toString());
            return;
        }
        try {
            store.writeVersions(closed.versions());
        } catch (RuntimeException e) {
            failedWrites.incrementAndGet();
            counter.reopen(new ProductionCounter.Closed(java.util.List.of(), closed.versions()));
            log.warn(
                    "Could not write {} version minutes, kept to retry: {}",
                    closed.versions().size(),
                    e.toString());
        }
    }

    @Scheduled(fixedDelay = 60_000, initialDelay = 30_000)
    void rollUpHours() {
        long hour = Math.floorDiv(clock.millis(), 3_600_000L);
        store.rollUpHours(hour - 1, hour + 1);
    }

    @Scheduled(fixedDelay = 600_000, initialDelay = 60_000)
    void retention() {
        long now = clock.millis();
        long deleted = store.deleteBefore(
                Math.floorDiv(now - properties.minuteRetention().toMillis(), 60_000L),
                Math.floorDiv(now - properties.hourRetention().toMillis(), 3_600_000L),
                properties.deleteBatch());
        if (deleted > 0) {
            log.info("History retention: {} rows deleted", deleted);
        }
    }

    /**
     * A factory deleted through the portal: its history goes with it (a factory made again starts empty); what it
     * made stays in the fleet's sums. Its open minutes are written first, so the fleet's sums have them.
     */
    @EventListener
    synchronized void on(FactoryDeleted deleted) {
        flushBefore(Long.MAX_VALUE);
        telemetry.counter().forget(deleted.factoryId());
        store.endLife(deleted.factoryId(), Math.floorDiv(clock.millis(), 60_000L));
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        flushBefore(Long.MAX_VALUE);
        rollUpHours();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the telemetry service (which stops first, at the default phase): the last minutes are counted. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}
