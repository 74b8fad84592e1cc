package io.meshportal.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The portal's own view of the factories at /actuator/prometheus, one series per factory (bounded: never per
 * request or per user): up, sample age, poll latency, output rate and OEE; and the fleet's totals. Updated on
 * every telemetry round; a deleted factory's series go with it.
 */
final class TelemetryMetrics {

    private final List<Gauge> perFactory = new ArrayList<>();
    private volatile FleetTotals totals;
    private volatile int factoriesUp;

    private record Gauge(MultiGauge gauge, ToDoubleFunction<Row> value) {}

    private record Row(FactoryTelemetry factory, Instant at) {}

    TelemetryMetrics(MeterRegistry registry) {
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
        perFactory.add(
                new Gauge(MultiGauge.builder(name).description(description).register(registry), value));
    }

    void update(TelemetryUpdate update) {
        totals = update.totals();
        factoriesUp = (int) update.factories().stream()
                .filter(f -> f.health().status() == FactoryStatus.UP)
                .count();
        for (Gauge g : perFactory) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (FactoryTelemetry f : update.factories()) {
                double v = g.value().applyAsDouble(new Row(f, update.at()));
                rows.add(MultiGauge.Row.of(Tags.of("factory", f.id()), v));
            }
            g.gauge().register(rows, true); // overwrite: a removed factory's row goes
        }
    }
}
