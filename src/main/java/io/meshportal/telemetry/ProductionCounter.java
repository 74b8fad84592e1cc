package io.meshportal.telemetry;

import io.meshportal.calendar.FactoryTime;
import io.meshportal.calendar.FactoryTimes;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.telemetry.rollup.Increase;
import io.meshportal.telemetry.rollup.MinuteRecorder;
import io.meshportal.telemetry.rollup.MinuteRow;
import io.meshportal.telemetry.rollup.VersionMinuteRow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what each factory makes from its versions' own counters — the one place the portal's figures come from.
 * Each fresh sample of a version is compared with that version's own previous sample ({@link Increase}); the
 * increase is booked to the factory's minute weighted by the version's share of the plant, to the version's own
 * minute unweighted, and to the factory's live day and shift in its local time. The figures a factory shows are
 * then built from these counts (and the versions' rates combined by the same shares), so live tiles, charts,
 * history and reports agree and never mix two versions' counters. Runs on the telemetry tick; the history writer
 * takes closed minutes under the same lock.
 */
final class ProductionCounter {

    private static final Logger log = LoggerFactory.getLogger(ProductionCounter.class);

    private final FactoryTimes times;
    /** Loads what the history holds for a factory's current day and shift (off the tick thread). */
    private final Function<BaseRequest, LiveCount.Base> baseLoader;

    private final MinuteRecorder recorder = new MinuteRecorder();
    private final Map<String, TelemetrySnapshot> last = new HashMap<>(); // factory|version → its last sample
    private final Map<String, LiveCount> live = new HashMap<>();
    private final Map<String, CompletableFuture<LiveCount.Base>> loading = new ConcurrentHashMap<>();
    private final Set<String> decreaseLogged = ConcurrentHashMap.newKeySet();
    private final AtomicLong decreases = new AtomicLong();

    /** What to load: the factory's day and shift starts, and the first minute this process booked for it. */
    record BaseRequest(
            String factoryId,
            String life,
            LocalDate day,
            long dayStartMinute,
            long shiftStartMinute,
            long beforeMinute) {}

    /**
     * The life each factory id was last seen with, kept after a factory leaves the fleet (one entry per id this
     * process saw), so an id that comes back with another life is known as new even when it was gone for a while.
     */
    private final Map<String, String> lives = new HashMap<>();
    /** Lives first seen or changed, for the history writer to begin (removing an ended life's history first). */
    private final Map<String, String> pendingLives = new java.util.LinkedHashMap<>();
    /** Minutes an ended life booked and the writer had not taken yet: they count for the fleet only. */
    private final List<MinuteRow> fleetOnly = new ArrayList<>();

    ProductionCounter(FactoryTimes times, Function<BaseRequest, LiveCount.Base> baseLoader) {
        this.times = times;
        this.baseLoader = baseLoader;
    }

    /**
     * One round of one factory: books the fresh samples among {@code readings} and returns the factory's figures,
     * or null before it has any.
     *
     * @param readings each version's latest snapshot and share (one reading with share 1 for a single version)
     */
    synchronized TelemetrySnapshot count(String factoryId, String life, List<VersionReading> readings, Instant now) {
        if (life != null) {
            String before = lives.put(factoryId, life);
            if (!life.equals(before)) {
                if (before != null) {
                    // the id's factory was deleted and made again: nothing carries over, and what the ended life
                    // booked but was not written yet still counts for the fleet, not for the new life
                    forget(factoryId);
                    fleetOnly.addAll(recorder.detach(factoryId));
                }
                pendingLives.put(factoryId, life); // begun by the history writer, before this life's minutes
            }
        }
        boolean fresh = false;
        java.util.Set<String> running = new java.util.HashSet<>();
        for (VersionReading r : readings) {
            TelemetrySnapshot snap = r.latest();
            if (snap == null) {
                continue;
            }
            String key = factoryId + "|" + snap.version();
            running.add(key);
            TelemetrySnapshot prev = last.get(key);
            if (prev != null && !snap.timestamp().isAfter(prev.timestamp())) {
                continue; // nothing new from this version this round
            }
            fresh = true;
            if (prev == null) {
                last.put(key, snap);
                continue; // a version's first sample: nothing to compare with
            }
            Increase inc = Increase.between(prev, snap);
            if (inc.decreased()) {
                // nothing of this sample counts, and the previous good one stays the base: a wrong value followed
                // by a right one books only what was made since the last right one
                decreases.incrementAndGet();
                if (decreaseLogged.add(key)) {
                    log.warn(
                            "Factory {} version {}: a counter went down without the factory saying it restarted"
                                    + " (counting since {}); the sample is ignored, not booked as production",
                            factoryId,
                            snap.version(),
                            snap.countingSince());
                }
                continue;
            }
            last.put(key, snap);
            String version = readings.size() > 1 ? snap.version() : null;
            Duration gap = Duration.between(prev.timestamp(), snap.timestamp());
            if (gap.compareTo(MAX_SPREAD) > 0) {
                log.info(
                        "Factory {} version {}: no sample for {}; counting starts again from this one",
                        factoryId,
                        snap.version(),
                        gap);
                continue;
            }
            LiveCount count = liveAt(factoryId, snap.timestamp(), MinuteRecorder.minute(snap.timestamp()));
            count.add(r.share(), inc, count.shift.inBreak(snap.timestamp()));
            bookSpread(factoryId, version, r.share(), prev.timestamp(), snap.timestamp(), inc);
        }
        // a version no longer answering leaves no base behind: if it runs again later it starts afresh instead of
        // booking all that happened meanwhile as one increase
        last.keySet().removeIf(k -> k.startsWith(factoryId + "|") && !running.contains(k));
        TelemetrySnapshot figures = figures(factoryId, readings, now);
        if (fresh && figures != null) {
            recorder.sample(factoryId, MinuteRecorder.minute(figures.timestamp()), figures.outputRate());
        }
        return figures;
    }

    /** Longer than this without a sample of a version, its next sample starts counting afresh. */
    static final Duration MAX_SPREAD = Duration.ofHours(6);

    /**
     * Books an increase to the minute of its later sample — or, after a gap of more than a minute (a poll outage),
     * spread evenly over the minutes it covers, so no minute holds more than the plant could make in it. The
     * version's own minute takes it whole, in the later sample's minute.
     */
    private void bookSpread(String factoryId, String version, double share, Instant from, Instant to, Increase inc) {
        long last = MinuteRecorder.minute(to);
        long first = MinuteRecorder.minute(from);
        if (last - first <= 1) {
            recorder.book(factoryId, version, share, last, inc);
            return;
        }
        double total = Duration.between(from, to).toMillis();
        for (long m = first; m <= last; m++) {
            long start = Math.max(from.toEpochMilli(), m * 60_000L);
            long end = Math.min(to.toEpochMilli(), (m + 1) * 60_000L);
            if (end > start) {
                recorder.book(factoryId, null, share * (end - start) / total, m, inc);
            }
        }
        if (version != null) {
            recorder.book(factoryId, version, 0, last, inc);
        }
    }

    /** A round in which the factory could not be polled. */
    synchronized void failed(String factoryId, Instant at) {
        recorder.failed(factoryId, MinuteRecorder.minute(at));
    }

    /**
     * Forgets factories no longer in the fleet (their open minutes are still written; their lives are kept, to know
     * one that comes back with a new life).
     */
    synchronized void retain(Set<String> factoryIds) {
        last.keySet().removeIf(k -> !factoryIds.contains(k.substring(0, k.indexOf('|'))));
        live.keySet().retainAll(factoryIds);
        loading.keySet().retainAll(factoryIds);
    }

    /** Forgets a factory's live counts (its history was removed with it). */
    synchronized void forget(String factoryId) {
        last.keySet().removeIf(k -> k.startsWith(factoryId + "|"));
        live.remove(factoryId);
        loading.remove(factoryId);
    }

    /**
     * What the history writer takes: closed minutes, factory and version; lives to begin first (each removes an
     * earlier life's history of its id); and an ended life's minutes that count for the fleet only.
     */
    record Closed(
            List<MinuteRow> minutes,
            List<VersionMinuteRow> versions,
            Map<String, String> lives,
            List<MinuteRow> fleetOnly) {

        Closed(List<MinuteRow> minutes, List<VersionMinuteRow> versions) {
            this(minutes, versions, Map.of(), List.of());
        }

        boolean isEmpty() {
            return minutes.isEmpty() && versions.isEmpty() && lives.isEmpty() && fleetOnly.isEmpty();
        }
    }

    synchronized Closed closeBefore(long minute) {
        Map<String, String> begin = Map.copyOf(pendingLives);
        pendingLives.clear();
        List<MinuteRow> ended = List.copyOf(fleetOnly);
        fleetOnly.clear();
        return new Closed(recorder.closeBefore(minute), recorder.closeVersionsBefore(minute), begin, ended);
    }

    /** Puts what could not be written back, to be written with the next batch. */
    synchronized void reopen(Closed closed) {
        recorder.reopen(closed.minutes(), closed.versions());
        closed.lives().forEach(pendingLives::putIfAbsent); // a life seen since is newer
        fleetOnly.addAll(closed.fleetOnly());
    }

    synchronized int openMinutes() {
        return recorder.openMinutes();
    }

    /** Counter decreases seen without a reset marker (each ignored). */
    long decreases() {
        return decreases.get();
    }

    private LiveCount liveAt(String factoryId, Instant at, long minute) {
        FactoryTime time = times.of(factoryId);
        LocalDate day = time.day(at);
        LiveCount count = live.get(factoryId);
        if (count != null && !time.equals(count.time)) {
            // the factory's zone or calendar changed: its day and shift are counted again from the history
            live.remove(factoryId);
            loading.remove(factoryId);
            count = null;
        }
        if (count == null) {
            count = new LiveCount();
            count.time = time;
            count.newDay(day);
            count.newShift(time.shiftAt(at));
            live.put(factoryId, count);
            BaseRequest request = new BaseRequest(
                    factoryId,
                    lives.get(factoryId),
                    day,
                    MinuteRecorder.minute(time.dayStart(day)),
                    MinuteRecorder.minute(count.shift.start()),
                    minute);
            loading.put(
                    factoryId,
                    CompletableFuture.supplyAsync(() -> baseLoader.apply(request), Thread::startVirtualThread));
        }
        if (!day.equals(count.day)) {
            count.newDay(day);
            loading.remove(factoryId); // a base for the day before no longer applies
        }
        if (!at.isBefore(count.shift.end()) || at.isBefore(count.shift.start())) {
            count.newShift(time.shiftAt(at));
        }
        CompletableFuture<LiveCount.Base> base = loading.get(factoryId);
        if (base != null && base.isDone()) {
            loading.remove(factoryId);
            try {
                LiveCount.Base b = base.join();
                if (b != null && b.day().equals(count.day)) {
                    count.addBase(b);
                }
            } catch (RuntimeException e) {
                log.warn("Factory {}: today's stored figures could not be read: {}", factoryId, e.toString());
            }
        }
        return count;
    }

    /** The factory's figures (see {@link FactoryFigures}), once it has a sample. */
    private TelemetrySnapshot figures(String factoryId, List<VersionReading> readings, Instant now) {
        TelemetrySnapshot lead = null;
        double leadShare = -1;
        double shares = 0;
        for (VersionReading r : readings) {
            if (r.latest() != null && r.share() > leadShare) {
                lead = r.latest();
                leadShare = r.share();
            }
            if (r.latest() != null) {
                shares += r.share();
            }
        }
        if (lead == null) {
            return null;
        }
        LiveCount count = live.get(factoryId);
        if (count == null) {
            count = liveAt(factoryId, lead.timestamp(), MinuteRecorder.minute(lead.timestamp()));
            // first sight of the factory: nothing counted yet
        }
        return FactoryFigures.of(readings, lead, shares, count, times.of(factoryId));
    }
}
