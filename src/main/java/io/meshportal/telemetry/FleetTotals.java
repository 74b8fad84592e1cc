package io.meshportal.telemetry;

import io.meshportal.factory.Oee;
import io.meshportal.factory.TelemetrySnapshot;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregates over a set of factories. OEE is computed from summed times and counts (ISO 22400), never as an
 * average of the factories' OEE. Only fresh factories (UP or DEGRADED) count towards rates.
 */
public record FleetTotals(
        int factories,
        int up,
        int degraded,
        int down,
        double inputRatePerMinute,
        double outputRatePerMinute,
        long outputTotal,
        long rejectedTotal,
        Map<String, Double> inputTotals,
        Map<String, Long> outputTotals,
        Oee oee) {

    public static FleetTotals of(Collection<FactoryTelemetry> factories) {
        int up = 0;
        int degraded = 0;
        int down = 0;
        double inRate = 0;
        double outRate = 0;
        long outTotal = 0;
        long rejected = 0;
        Map<String, Double> inputs = new TreeMap<>();
        Map<String, Long> outputs = new TreeMap<>();
        Oee oee = Oee.NONE;
        for (FactoryTelemetry f : factories) {
            switch (f.health().status()) {
                case UP -> up++;
                case DEGRADED -> degraded++;
                case DOWN -> down++;
                case PENDING -> {}
            }
            TelemetrySnapshot s = f.latest();
            if (s == null) {
                continue;
            }
            boolean fresh =
                    f.health().status() == FactoryStatus.UP || f.health().status() == FactoryStatus.DEGRADED;
            for (TelemetrySnapshot.Input in : s.inputs()) {
                inputs.merge(in.material(), in.total(), Double::sum);
                if (fresh) {
                    inRate += in.ratePerMinute();
                }
            }
            for (TelemetrySnapshot.Output out : s.outputs()) {
                outputs.merge(out.product(), out.total(), Long::sum);
                outTotal += out.total();
                rejected += out.rejected();
                if (fresh) {
                    outRate += out.ratePerMinute();
                }
            }
            oee = oee.plus(s.oee());
        }
        return new FleetTotals(
                factories.size(),
                up,
                degraded,
                down,
                inRate,
                outRate,
                outTotal,
                rejected,
                Map.copyOf(inputs),
                Map.copyOf(outputs),
                oee);
    }
}
