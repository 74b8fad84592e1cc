package io.meshportal.telemetry;

import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.fleet.FactorySource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every factory once per interval, off the UI threads, and publishes each round. Each round polls the fleet
 * (a large one in slices spread over the interval) and publishes once every answer is in, or at a deadline. Each
 * factory is polled behind guards of its own ({@link GuardedPoll}: circuit breaker, bulkhead, time limit), so a
 * dead, hung or slow factory costs at most its own timeout and never delays another. The channels per factory
 * are kept by {@link FactoryChannels}, the requests made by {@link TelemetryFetcher}.
 */
final class TelemetryPoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelemetryPoller.class);

    private final TelemetryProperties properties;
    private final Clock clock;
    private final Consumer<TelemetryUpdate> sink;
    /** Healthy factories answer in milliseconds; a round publishes at the latest this long after it started. */
    static final long PUBLISH_DEADLINE_MILLIS = 300;
    /** Slices at least a tenth of the interval apart: finer spreading gains nothing over the ticker's own jitter. */
    static final int MAX_SLICES = 10;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "telemetry-tick");
        t.setDaemon(true);
        return t;
    });
    private final FactoryChannels channels;
    private final TelemetryFetcher fetcher;
    private final GuardedPoll guardedPoll;

    private final ProductionCounter counter;

    TelemetryPoller(FactorySource fleet, TelemetryProperties properties, Clock clock, Consumer<TelemetryUpdate> sink) {
        this(
                fleet,
                properties,
                clock,
                sink,
                new ProductionCounter(id -> io.meshportal.calendar.FactoryTime.UTC_THREE_SHIFTS, r -> null));
    }

    TelemetryPoller(
            FactorySource fleet,
            TelemetryProperties properties,
            Clock clock,
            Consumer<TelemetryUpdate> sink,
            ProductionCounter counter) {
        this.counter = counter;
        this.properties = properties;
        this.clock = clock;
        this.sink = sink;
        this.channels = new FactoryChannels(fleet, properties);
        this.fetcher = new TelemetryFetcher(properties);
        this.guardedPoll = new GuardedPoll(properties, clock, fetcher, ticker);
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
            channels.sync();
            int slices = slices(channels.size());
            // one pass sorts the fleet into its slices (a factory's slice follows from its id, so each is polled
            // once a round at the same point of the interval)
            List<List<FactoryChannel>> bySlice = new ArrayList<>(slices);
            for (int i = 0; i < slices; i++) {
                bySlice.add(new ArrayList<>());
            }
            for (FactoryChannel c : channels.all()) {
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
                polls.add(guardedPoll.poll(c));
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

    /**
     * Counts the round (each factory's fresh answers, by version) and returns what is published: the factories'
     * counted figures. Runs on the tick thread, once per round.
     */
    TelemetryUpdate snapshot() {
        Instant now = clock.instant();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (FactoryChannel c : channels.all()) {
            ids.add(c.ref.id());
            List<VersionReading> readings = c.readings();
            TelemetrySnapshot before = c.latest();
            TelemetrySnapshot figures = counter.count(c.ref.id(), c.ref.life(), readings, now);
            c.counted(figures, readings);
            if (figures != null && (before == null || figures.timestamp().isAfter(before.timestamp()))) {
                c.history.add(new Sample(
                        figures.timestamp().toEpochMilli(),
                        figures.state(),
                        figures.outputRate(),
                        figures.inputRate(),
                        figures.oee().oee(),
                        figures.outputTotal()));
            } else if (c.telemetry().health().lastError() != null) {
                counter.failed(c.ref.id(), now);
            }
        }
        counter.retain(ids);
        return TelemetryUpdate.of(now, channels.telemetry());
    }

    FactoryChannel channel(String factoryId) {
        return channels.get(factoryId);
    }

    int inFlightCapacityUsed() {
        return channels.inFlightCapacityUsed();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        fetcher.close();
        channels.close();
    }
}
