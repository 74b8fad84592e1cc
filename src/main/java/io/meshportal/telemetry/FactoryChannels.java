package io.meshportal.telemetry;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.FactorySource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link FactoryChannel} per factory of the fleet, each with a circuit breaker and a bulkhead of its own (so a
 * failing factory trips only its own). Brought in line with the fleet at the start of every round: a new factory
 * gets a channel, one whose address changed gets a fresh one, and one that left has its kept connections closed.
 */
final class FactoryChannels implements AutoCloseable {

    private final FactorySource fleet;
    private final int historySize;
    private final Map<String, FactoryChannel> channels = new ConcurrentHashMap<>();
    private final CircuitBreakerConfig breakerConfig;
    private final BulkheadConfig bulkheadConfig;

    FactoryChannels(FactorySource fleet, TelemetryProperties properties) {
        this.fleet = fleet;
        this.historySize = properties.historySize();
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
    }

    /** Reads the fleet and brings the channels in line with it. */
    void sync() {
        List<FactoryRef> refs = fleet.factories();
        Map<String, io.meshportal.fleet.Versions> splits;
        try {
            splits = fleet.splits();
        } catch (RuntimeException e) {
            splits = null; // the split could not be read this round: each channel keeps the one it had
        }
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
                                            new History(historySize))));
        }
        if (splits != null) {
            for (FactoryChannel c : channels.values()) {
                io.meshportal.fleet.Versions v = splits.get(c.ref.id());
                c.split(v != null && v.canary() != null ? v : null);
            }
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

    /** The channels as they are now (a live view). */
    Collection<FactoryChannel> all() {
        return channels.values();
    }

    int size() {
        return channels.size();
    }

    FactoryChannel get(String factoryId) {
        return channels.get(factoryId);
    }

    /** Every factory's telemetry, sorted by id. */
    List<FactoryTelemetry> telemetry() {
        List<FactoryTelemetry> factories = new ArrayList<>(channels.size());
        channels.values().forEach(c -> factories.add(c.telemetry()));
        factories.sort(Comparator.comparing(FactoryTelemetry::id));
        return factories;
    }

    /** How many polls are in flight over all bulkheads. */
    int inFlightCapacityUsed() {
        return channels.values().stream()
                .mapToInt(c -> bulkheadConfig.getMaxConcurrentCalls()
                        - c.bulkhead.getMetrics().getAvailableConcurrentCalls())
                .sum();
    }

    /** Closes every channel's kept connections. */
    @Override
    public void close() {
        channels.values().forEach(FactoryChannel::close);
    }
}
