package io.meshportal.telemetry;

import com.vaadin.flow.shared.Registration;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.rollup.MinuteRecorder;
import io.meshportal.telemetry.rollup.MinuteRow;
import io.meshportal.telemetry.rollup.RollupStore;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Records what the portal polls into the rollup tables, in both fleet modes: each tick goes to the
 * {@link MinuteRecorder} on the tick's own subscriber thread; complete minutes are written in one batch every few
 * seconds by the scheduler, never on the tick thread; hours are recomputed from minutes each minute; old rows go
 * in bounded batches. On stop, the open minutes are written too.
 */
@Component
class HistoryRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HistoryRecorder.class);
    private static final Viewer SYSTEM = new Viewer("system", Role.ADMIN, null);

    private final TelemetryService telemetry;
    private final RollupStore store;
    private final HistoryProperties properties;
    private final Clock clock;
    private final MinuteRecorder recorder = new MinuteRecorder();
    private volatile Registration tick;

    HistoryRecorder(TelemetryService telemetry, RollupStore store, HistoryProperties properties, Clock clock) {
        this.telemetry = telemetry;
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    private void observe(TelemetryUpdate update) {
        synchronized (recorder) {
            recorder.observe(update.factories(), update.at());
        }
    }

    /** Writes every complete minute (a minute is complete once the clock is past it). */
    @Scheduled(fixedDelay = 5000, initialDelay = 5000)
    void flush() {
        flushBefore(Math.floorDiv(clock.millis(), 60_000L));
    }

    private void flushBefore(long minute) {
        List<MinuteRow> rows;
        synchronized (recorder) {
            rows = recorder.closeBefore(minute);
        }
        try {
            store.write(rows);
        } catch (RuntimeException e) {
            log.warn("Could not write {} minute rollups: {}", rows.size(), e.toString());
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

    @Override
    public void start() {
        tick = telemetry.subscribe(SYSTEM, this::observe);
    }

    @Override
    public void stop() {
        Registration r = tick;
        if (r != null) {
            r.remove();
        }
        flushBefore(Long.MAX_VALUE);
        rollUpHours();
    }

    @Override
    public boolean isRunning() {
        return tick != null;
    }

    /** After the telemetry service (which starts at the default phase), before it stops. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}
