package io.meshportal.telemetry;

import io.meshportal.calendar.FactoryTime;
import io.meshportal.calendar.ShiftTime;
import io.meshportal.factory.TelemetrySnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A factory's figures as the portal shows them: the counted totals of its day and shift ({@link LiveCount}), and
 * rates and stock from its versions combined by their shares of the plant. Built once a round per factory.
 */
final class FactoryFigures {

    private FactoryFigures() {}

    /**
     * @param lead   the snapshot of the version running the largest share (its state and identity are shown)
     * @param shares the sum of the answering versions' shares (0: only header-routed versions answered)
     */
    static TelemetrySnapshot of(
            List<VersionReading> readings, TelemetrySnapshot lead, double shares, LiveCount c, FactoryTime time) {
        Map<String, double[]> outputRates = new java.util.LinkedHashMap<>(); // product → {rate}
        Map<String, double[]> inputs = new java.util.LinkedHashMap<>(); // material → {rate, stock}
        Map<String, String> units = new HashMap<>();
        Map<String, String> materialUnits = new HashMap<>();
        Instant latest = lead.timestamp();
        double norm = shares > 0 ? shares : 1;
        for (VersionReading r : readings) {
            TelemetrySnapshot s = r.latest();
            if (s == null) {
                continue;
            }
            double w = shares > 0 ? r.share() / norm : (s == lead ? 1 : 0);
            for (TelemetrySnapshot.Output o : s.outputs()) {
                outputRates.computeIfAbsent(o.product(), k -> new double[1])[0] += w * o.ratePerMinute();
                units.putIfAbsent(o.product(), o.unit());
            }
            for (TelemetrySnapshot.Input i : s.inputs()) {
                double[] in = inputs.computeIfAbsent(i.material(), k -> new double[2]);
                in[0] += w * i.ratePerMinute();
                in[1] += w * i.stock();
                materialUnits.putIfAbsent(i.material(), i.unit());
            }
            if (s.timestamp().isAfter(latest)) {
                latest = s.timestamp();
            }
        }
        List<TelemetrySnapshot.Output> outputs = new ArrayList<>();
        outputRates.forEach((product, rate) -> {
            double[] made = c.products.getOrDefault(product, new double[2]);
            outputs.add(new TelemetrySnapshot.Output(
                    product, units.get(product), round(rate[0]), Math.round(made[0]), Math.round(made[1])));
        });
        double unassigned = c.materials.getOrDefault("", 0.0); // stored as a total only: shared out by rate
        double rateSum = inputs.values().stream().mapToDouble(v -> v[0]).sum();
        List<TelemetrySnapshot.Input> inputList = new ArrayList<>();
        int n = inputs.size();
        inputs.forEach((material, in) -> {
            double part = rateSum > 0 ? in[0] / rateSum : 1.0 / n;
            inputList.add(new TelemetrySnapshot.Input(
                    material,
                    materialUnits.get(material),
                    round(in[0]),
                    round(c.materials.getOrDefault(material, 0.0) + part * unassigned),
                    round(in[1])));
        });
        ShiftTime shift = c.shift;
        return new TelemetrySnapshot(
                lead.factoryId(),
                lead.name(),
                lead.country(),
                stableVersion(readings, lead),
                latest,
                lead.state(), // the state of the version running the largest share (the stable one on a tie)
                List.copyOf(inputList),
                List.copyOf(outputs),
                c.oee(),
                (int) Math.max(1, Math.round(shift.length().toMinutes() / 60.0)),
                time.dayStart(c.day),
                shift.start());
    }

    private static String stableVersion(List<VersionReading> readings, TelemetrySnapshot lead) {
        VersionReading first = readings.getFirst();
        return first.latest() != null ? first.latest().version() : lead.version();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
