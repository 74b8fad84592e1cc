package io.meshportal.telemetry.ui;

import io.meshportal.base.InvalidRequestException;
import io.meshportal.base.ui.LiveChart;
import io.meshportal.base.ui.Translations;
import io.meshportal.telemetry.HistoryService.ProductChart;
import io.meshportal.telemetry.HistoryService.ProductPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A factory's output and rejects per product over the chosen range, from the per-product minutes (or hours) the
 * history keeps: one line per product made, a thin one per product rejected.
 */
final class ProductsChart {

    private static final String[] COLORS = {"#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457", "#5d4037"};

    private final List<String> products;
    private final LiveChart chart;

    ProductsChart(List<String> products, Duration window) {
        this.products = List.copyOf(products);
        List<LiveChart.Series> series = new ArrayList<>();
        for (int i = 0; i < this.products.size(); i++) {
            series.add(new LiveChart.Series(
                    this.products.get(i),
                    COLORS[i % COLORS.length],
                    1,
                    Translations.t("unit.units-per-minute"),
                    false));
        }
        for (int i = 0; i < this.products.size(); i++) {
            series.add(new LiveChart.Series(
                    Translations.t("chart.product-rejected", this.products.get(i)),
                    COLORS[i % COLORS.length],
                    1,
                    Translations.t("unit.units-per-minute"),
                    true));
        }
        chart = new LiveChart(
                Translations.t("chart.per-product"), 200, window, series.toArray(LiveChart.Series[]::new));
        chart.setId("factory-products-chart");
    }

    LiveChart chart() {
        return chart;
    }

    /** Draws the range; a range the history cannot answer leaves the chart as it was. */
    void load(Duration window, Supplier<ProductChart> read) {
        ProductChart data;
        try {
            data = read.get();
        } catch (InvalidRequestException e) {
            return; // the range picker shows the problem beside its fields
        }
        int n = data.products().values().stream().mapToInt(List::size).max().orElse(0);
        long[] times = new long[n];
        double[][] values = new double[2 * products.size()][n];
        for (double[] v : values) {
            java.util.Arrays.fill(v, Double.NaN);
        }
        for (int p = 0; p < products.size(); p++) {
            List<ProductPoint> points = data.products().getOrDefault(products.get(p), List.of());
            for (int i = 0; i < points.size() && i < n; i++) {
                times[i] = points.get(i).at().toEpochMilli();
                values[p][i] = points.get(i).madePerMinute();
                values[products.size() + p][i] = points.get(i).rejectedPerMinute();
            }
        }
        if (n > 0 && times[0] == 0) {
            return; // no product had points: nothing recorded in the range yet
        }
        chart.setWindow(window);
        chart.setData(times, values);
    }
}
