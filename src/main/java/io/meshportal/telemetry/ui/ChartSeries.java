package io.meshportal.telemetry.ui;

import io.meshportal.base.ui.LiveChart;
import io.meshportal.telemetry.Sample;
import java.time.Duration;
import java.util.List;

/** The two charts every telemetry view shows, built the same way everywhere. */
final class ChartSeries {

    private ChartSeries() {}

    static LiveChart rates(Duration window) {
        return new LiveChart(
                "Production rates",
                220,
                window,
                new LiveChart.Series("Products out /min", "#2e7d32", 1),
                new LiveChart.Series("Materials in /min", "#8d6e63", 1));
    }

    static LiveChart oee(Duration window) {
        return new LiveChart("OEE", 220, window, 0.0, 100.0, new LiveChart.Series("OEE %", "#1565c0", 1));
    }

    /** Just the rates chart (the wall display's focus view has no OEE chart). */
    static void fillRates(LiveChart rates, List<Sample> samples) {
        long[] times = new long[samples.size()];
        double[] out = new double[samples.size()];
        double[] in = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            times[i] = samples.get(i).epochMillis();
            out[i] = samples.get(i).outputRate();
            in[i] = samples.get(i).inputRate();
        }
        rates.setData(times, new double[][] {out, in});
    }

    static void fill(LiveChart rates, LiveChart oee, List<Sample> samples) {
        fillRates(rates, samples);
        long[] times = new long[samples.size()];
        double[] oeePercent = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            times[i] = samples.get(i).epochMillis();
            oeePercent[i] = samples.get(i).oee() * 100;
        }
        oee.setData(times, new double[][] {oeePercent});
    }
}
