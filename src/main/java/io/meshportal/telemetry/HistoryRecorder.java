package io.meshportal.telemetry;

import io.meshportal.fleet.FactoryDeleted;
import io.meshportal.telemetry.rollup.MinuteRow;
import io.meshportal.telemetry.rollup.RollupStore;
import io.meshportal.telemetry.rollup.VersionMinuteRow;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Writes what the {@link ProductionCounter} counted into the rollup tables, in both fleet modes: complete minutes
 * in one batch every few seconds by the scheduler, never on the tick thread, each folded into its hour as it is
 * written; a batch that cannot be written (the database busy or down) is kept and written with the next one, never
 * dropped silently — only beyond {@code meshportal.history.max-unwritten-minutes} are the oldest dropped, logged as
 * an error and counted. Each hour is recomputed from its minutes once it is closed (exact extremes even for a minute
 * written in two parts); old rows go in bounded batches. On stop, the open minutes are written too. History belongs
 * to one life of a factory: a factory deleted through the portal takes its history with it, and an id seen with a
 * new life (made again; in Kubernetes a new Deployment uid) has its ended life's history removed before the new
 * life's first minutes are written. The fleet's own sums keep what every life made.
 */
@Component
class HistoryRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HistoryRecorder.class);
    private static final long HOUR_MILLIS = 3_600_000L;

    private final ProductionCounter counter;
    private final RollupStore store;
    private final HistoryProperties properties;
    private final Clock clock;
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong droppedMinutes = new AtomicLong();
    /** Hours written to since they were last recomputed from their minutes. */
    private final TreeSet<Long> dirtyHours = new TreeSet<>();

    private volatile boolean running;

    @Autowired
    HistoryRecorder(
            TelemetryService telemetry,
            RollupStore store,
            HistoryProperties properties,
            Clock clock,
            MeterRegistry registry) {
        this(telemetry.counter(), store, properties, clock);
        FunctionCounter.builder("meshportal.history.writes.failed", failedWrites, AtomicLong::get)
                .description("Minute batches that could not be written (each kept and written with the next)")
                .register(registry);
        FunctionCounter.builder("meshportal.history.rows.dropped", droppedMinutes, AtomicLong::get)
                .description("Factory minutes dropped unwritten: the database was down for longer than the"
                        + " bound on minutes kept in memory (meshportal.history.max-unwritten-minutes)")
                .register(registry);
        Gauge.builder("meshportal.history.rows.unwritten", counter, ProductionCounter::openMinutes)
                .description("Minutes held in memory, not yet written (open, or kept after a failed write)")
                .register(registry);
    }

    HistoryRecorder(ProductionCounter counter, RollupStore store, HistoryProperties properties, Clock clock) {
        this.counter = counter;
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

    /** Factory minutes dropped because the database stayed down past the bound. */
    long droppedMinutes() {
        return droppedMinutes.get();
    }

    synchronized void flushBefore(long minute) {
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
            keep(closed);
            log.warn(
                    "Could not write {} minute rollups, kept to write with the next batch: {}",
                    closed.minutes().size(),
                    cause(e));
            return;
        }
        synchronized (dirtyHours) {
            for (MinuteRow r : closed.minutes()) {
                dirtyHours.add(Math.floorDiv(r.slot(), 60));
            }
        }
        try {
            store.writeVersions(closed.versions());
        } catch (RuntimeException e) {
            failedWrites.incrementAndGet();
            keep(new ProductionCounter.Closed(List.of(), closed.versions()));
            log.warn(
                    "Could not write {} version minutes, kept to retry: {}",
                    closed.versions().size(),
                    cause(e));
        }
    }

    /**
     * Puts a batch that could not be written back into the counter, to be written with the next; beyond the bound on
     * minutes held in memory the oldest are dropped (factory minutes counted), so a long outage cannot exhaust the
     * heap.
     */
    private void keep(ProductionCounter.Closed closed) {
        long excess = (long) counter.openMinutes()
                + closed.minutes().size()
                + closed.versions().size()
                - properties.maxUnwrittenMinutes();
        if (excess <= 0) {
            counter.reopen(closed);
            return;
        }
        List<MinuteRow> minutes = new ArrayList<>(closed.minutes());
        minutes.sort(Comparator.comparingLong(MinuteRow::slot));
        List<VersionMinuteRow> versions = new ArrayList<>(closed.versions());
        versions.sort(Comparator.comparingLong(VersionMinuteRow::minute));
        int fromVersions = (int) Math.min(excess, versions.size()); // a version's own minute goes first
        int fromMinutes = (int) Math.min(excess - fromVersions, minutes.size());
        long firstDropped = fromMinutes > 0 ? minutes.getFirst().slot() : -1;
        long lastDropped = fromMinutes > 0 ? minutes.get(fromMinutes - 1).slot() : -1;
        droppedMinutes.addAndGet(fromMinutes);
        counter.reopen(new ProductionCounter.Closed(
                List.copyOf(minutes.subList(fromMinutes, minutes.size())),
                List.copyOf(versions.subList(fromVersions, versions.size()))));
        log.error(
                "History: the database could not be written for longer than {} minutes can be kept in memory"
                        + " (meshportal.history.max-unwritten-minutes); dropped {} factory minutes (epoch minutes"
                        + " {} to {}) and {} version minutes, the oldest; {} dropped so far",
                properties.maxUnwrittenMinutes(),
                fromMinutes,
                firstDropped,
                lastDropped,
                fromVersions,
                droppedMinutes.get());
    }

    /**
     * Recomputes each closed hour written to since it was last recomputed (normally the hour just ended, once),
     * exact from its minutes; the hour in progress is kept current by the fold of each written minute. An hour part
     * of whose minutes retention has already deleted is left as folded.
     */
    @Scheduled(fixedDelay = 60_000, initialDelay = 30_000)
    void rollUpHours() {
        rollUpHoursBefore(Math.floorDiv(clock.millis(), HOUR_MILLIS));
    }

    private void rollUpHoursBefore(long hour) {
        List<Long> due;
        synchronized (dirtyHours) {
            due = new ArrayList<>(dirtyHours.headSet(hour));
            dirtyHours.headSet(hour).clear();
        }
        long kept = Math.floorDiv(clock.millis() - properties.minuteRetention().toMillis(), HOUR_MILLIS) + 1;
        for (int i = 0; i < due.size(); ) {
            int j = i + 1;
            while (j < due.size() && due.get(j) == due.get(j - 1) + 1) {
                j++; // consecutive hours in one statement
            }
            long from = Math.max(kept, due.get(i));
            long to = due.get(j - 1) + 1;
            if (from < to) {
                try {
                    store.rollUpHours(from, to);
                } catch (RuntimeException e) {
                    synchronized (dirtyHours) {
                        dirtyHours.addAll(due.subList(i, due.size()));
                    }
                    log.warn("Could not recompute hours {} to {}, to retry: {}", from, to - 1, cause(e));
                    return;
                }
            }
            i = j;
        }
    }

    /** The database's own words (a Spring exception's message repeats the whole statement). */
    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /**
     * Deletes what retention no longer keeps. Minutes go a whole hour at a time (the cut-off is the start of an hour):
     * a factory's minutes lie together, so deleting sixty of them rewrites about the pages that deleting ten would —
     * the job runs every ten minutes and deletes once an hour.
     */
    @Scheduled(fixedDelay = 600_000, initialDelay = 60_000)
    void retention() {
        long now = clock.millis();
        long deleted = store.deleteBefore(
                Math.floorDiv(now - properties.minuteRetention().toMillis(), HOUR_MILLIS) * 60,
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
        counter.forget(deleted.factoryId());
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
        rollUpHoursBefore(Long.MAX_VALUE);
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
