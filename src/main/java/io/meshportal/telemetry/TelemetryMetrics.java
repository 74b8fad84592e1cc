package io.meshportal.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The portal's own view of the factories at /actuator/prometheus, one series per factory (bounded: never per
 * request or per user): up, sample age, poll latency, output rate and OEE; and the fleet's totals. A round only
 * swaps the latest values in; a factory's gauges are registered when it appears and removed when it goes.
 * (Registering every row again each round, as a MultiGauge does, was a fifth of the tick thread's time at 5,000
 * factories: the whole-portal benchmark.)
 */
final class TelemetryMetrics {

    private final MeterRegistry registry;
    private final List<Series> perFactory = new ArrayList<>();
    private final Map<String, List<Meter>> registered = new HashMap<>();
    private volatile Map<String, FactoryTelemetry> byId = Map.of();
    private volatile Instant at = Instant.EPOCH;
    private volatile FleetTotals totals;
    private volatile int factoriesUp;

    private record Series(String name, String description, ToDoubleFunction<Row> value) {}

    private record Row(FactoryTelemetry factory, Instant at) {}

    TelemetryMetrics(MeterRegistry registry) {
        this.registry = registry;
        add(
                registry,
                "meshportal.factory.up",
                "1 when the factory's telemetry is UP, else 0",
                r -> r.factory().health().status() == FactoryStatus.UP ? 1 : 0);
        add(
                registry,
                "meshportal.factory.sample.age.seconds",
                "age of the factory's last good sample",
                r -> r.factory().health().age(r.at()) == null
                        ? Double.NaN
                        : r.factory().health().age(r.at()).toMillis() / 1000.0);
        add(
                registry,
                "meshportal.factory.poll.latency.seconds",
                "duration of the last telemetry poll",
                r -> r.factory().health().latencyMs() / 1000.0);
        add(
                registry,
                "meshportal.factory.output.rate",
                "products per minute",
                r -> r.factory().latest() == null
                        ? Double.NaN
                        : r.factory().latest().outputRate());
        add(
                registry,
                "meshportal.factory.oee",
                "OEE of the current shift, 0..1",
                r -> r.factory().latest() == null
                        ? Double.NaN
                        : r.factory().latest().oee().oee());
        io.micrometer.core.instrument.Gauge.builder(
                        "meshportal.fleet.output.rate",
                        this,
                        m -> m.totals == null ? Double.NaN : m.totals.outputRatePerMinute())
                .description("products per minute, all factories")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder(
                        "meshportal.fleet.oee",
                        this,
                        m -> m.totals == null ? Double.NaN : m.totals.oee().oee())
                .description("fleet OEE from summed counts, 0..1")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("meshportal.fleet.factories.up", this, m -> m.factoriesUp)
                .description("factories whose telemetry is UP")
                .register(registry);
    }

    private void add(MeterRegistry registry, String name, String description, ToDoubleFunction<Row> value) {
        perFactory.add(new Series(name, description, value));
    }

    /** On the tick thread: the values are swapped in; gauges only for factories that came or went. */
    void update(TelemetryUpdate update) {
        Map<String, FactoryTelemetry> latest = new HashMap<>(update.factories().size() * 2);
        int up = 0;
        for (FactoryTelemetry f : update.factories()) {
            latest.put(f.id(), f);
            if (f.health().status() == FactoryStatus.UP) {
                up++;
            }
        }
        byId = latest;
        at = update.at();
        totals = update.totals();
        factoriesUp = up;
        synchronized (registered) {
            for (String id : latest.keySet()) {
                registered.computeIfAbsent(id, this::register);
            }
            registered.entrySet().removeIf(e -> {
                if (latest.containsKey(e.getKey())) {
                    return false;
                }
                e.getValue().forEach(registry::remove);
                return true;
            });
        }
    }

    private List<Meter> register(String factoryId) {
        List<Meter> meters = new ArrayList<>(perFactory.size());
        for (Series series : perFactory) {
            meters.add(io.micrometer.core.instrument.Gauge.builder(series.name(), this, m -> m.value(factoryId, series))
                    .description(series.description())
                    .tags(Tags.of("factory", factoryId))
                    .register(registry));
        }
        return meters;
    }

    private double value(String factoryId, Series series) {
        FactoryTelemetry f = byId.get(factoryId);
        return f == null ? Double.NaN : series.value().applyAsDouble(new Row(f, at));
    }
}
