package io.meshportal.telemetry.ui;

import io.meshportal.base.ui.LiveChart;
import io.meshportal.base.ui.Translations;
import io.meshportal.telemetry.Sample;
import java.time.Duration;
import java.util.List;

/** The two charts every telemetry view shows, built the same way everywhere. */
final class ChartSeries {

    private ChartSeries() {}

    /**
     * Products out (mean, and each bucket's lowest and highest minute on long ranges) and materials in. Live, the
     * lowest and highest are not drawn (NaN): every point is one sample.
     */
    static LiveChart rates(Duration window) {
        return new LiveChart(
                Translations.t("chart.rates"),
                220,
                window,
                new LiveChart.Series(
                        Translations.t("kpi.products-out"),
                        "#2e7d32",
                        1,
                        Translations.t("unit.units-per-minute"),
                        false),
                new LiveChart.Series(
                        Translations.t("kpi.materials-in"),
                        "#8d6e63",
                        1,
                        Translations.t("unit.per-minute-short"),
                        false),
                new LiveChart.Series(
                        Translations.t("chart.out-lowest"),
                        "#81c784",
                        1,
                        Translations.t("unit.units-per-minute"),
                        true),
                new LiveChart.Series(
                        Translations.t("chart.out-highest"),
                        "#1b5e20",
                        1,
                        Translations.t("unit.units-per-minute"),
                        true));
    }

    static LiveChart oee(Duration window) {
        return new LiveChart(
                Translations.t("column.oee"),
                220,
                window,
                0.0,
                100.0,
                new LiveChart.Series(Translations.t("column.oee"), "#1565c0", 1, "%", false));
    }

    /** Just the rates chart (the wall display's focus view has no OEE chart). */
    static void fillRates(LiveChart rates, List<Sample> samples) {
        draw(rates, null, List.of(), samples);
    }

    /** A long range from the rollups: one point per bucket, its mean with its lowest and highest minute. */
    static void fill(LiveChart rates, LiveChart oee, io.meshportal.telemetry.HistoryService.Chart chart) {
        draw(rates, oee, chart.points(), List.of());
    }

    /**
     * A live window: the samples in memory, and before the oldest of them (after a restart memory starts empty) the
     * minutes from the rollups, so the chart shows the past at once.
     */
    static void fillLive(
            LiveChart rates,
            LiveChart oee,
            List<Sample> samples,
            Duration window,
            java.util.function.Function<
                            io.meshportal.telemetry.HistoryRange, io.meshportal.telemetry.HistoryService.Chart>
                    past) {
        java.time.Instant start = java.time.Instant.now().minus(window);
        java.time.Instant firstInMemory = samples.isEmpty()
                ? java.time.Instant.now()
                : java.time.Instant.ofEpochMilli(samples.getFirst().epochMillis());
        List<io.meshportal.telemetry.HistoryService.Point> before = List.of();
        if (java.time.Duration.between(start, firstInMemory).toMinutes() >= 2) {
            try {
                var range = new io.meshportal.telemetry.HistoryRange(
                        start, firstInMemory.truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
                before = past.apply(range).points().stream()
                        .filter(p -> !Double.isNaN(p.outputPerMinute()))
                        .toList();
            } catch (io.meshportal.base.InvalidRequestException tooShort) {
                before = List.of();
            }
        }
        draw(rates, oee, before, samples);
    }

    /**
     * Draws rollup points (mean, lowest and highest minute) followed by live samples (no lowest or highest: each is
     * one sample), on the rates chart and the OEE chart (either may be null).
     */
    private static void draw(
            LiveChart rates,
            LiveChart oee,
            List<io.meshportal.telemetry.HistoryService.Point> past,
            List<Sample> samples) {
        int n = past.size() + samples.size();
        long[] times = new long[n];
        double[] out = new double[n];
        double[] in = new double[n];
        double[] low = new double[n];
        double[] high = new double[n];
        double[] oeePercent = new double[n];
        int i = 0;
        for (var p : past) {
            times[i] = p.at().toEpochMilli();
            out[i] = p.outputPerMinute();
            in[i] = p.materialPerMinute();
            low[i] = p.outputMin();
            high[i] = p.outputMax();
            oeePercent[i++] = p.oeePercent();
        }
        for (Sample s : samples) {
            times[i] = s.epochMillis();
            out[i] = s.outputRate();
            in[i] = s.inputRate();
            low[i] = Double.NaN;
            high[i] = Double.NaN;
            oeePercent[i++] = s.oee() * 100;
        }
        if (rates != null) {
            rates.setData(times, new double[][] {out, in, low, high});
        }
        if (oee != null) {
            oee.setData(times, new double[][] {oeePercent});
        }
    }

    /**
     * "Chart data CSV" for what a chart shows: the picked range (a live window ends now) over the factories given
     * (null: the viewer's fleet), streamed.
     */
    static com.vaadin.flow.component.html.Anchor csvLink(
            String id,
            String fileName,
            io.meshportal.telemetry.HistoryService history,
            io.meshportal.security.Viewer viewer,
            RangePicker range,
            java.util.function.Supplier<java.util.List<String>> factories) {
        com.vaadin.flow.component.html.Anchor csv = new com.vaadin.flow.component.html.Anchor(
                ReportView.csv(fileName, out -> {
                    java.time.Instant now = java.time.Instant.now();
                    history.exportChart(
                            viewer,
                            factories.get(),
                            range.live()
                                    ? new io.meshportal.telemetry.HistoryRange(now.minus(range.liveWindow()), now)
                                    : range.range(),
                            out);
                }),
                Translations.t("chart.csv"));
        csv.setId(id);
        return csv;
    }

    /** Just the OEE chart, from rollups. */
    static void fillOee(LiveChart oee, io.meshportal.telemetry.HistoryService.Chart chart) {
        draw(null, oee, chart.points(), List.of());
    }

    /** Reads a long range and draws it, or shows what is wrong with the range next to the picker's fields. */
    static void load(
            LiveChart rates,
            LiveChart oee,
            RangePicker picker,
            java.util.function.Supplier<io.meshportal.telemetry.HistoryService.Chart> read) {
        try {
            io.meshportal.telemetry.HistoryService.Chart chart = read.get();
            Duration span = picker.range().span();
            rates.setWindow(span);
            oee.setWindow(span);
            fill(rates, oee, chart);
        } catch (io.meshportal.base.InvalidRequestException e) {
            picker.showProblems(e.problems());
        }
    }

    /** A live point: the lowest and highest are only drawn on long ranges. */
    static void append(LiveChart rates, LiveChart oee, long at, double out, double in, double oeePercent) {
        rates.append(at, out, in, Double.NaN, Double.NaN);
        oee.append(at, oeePercent);
    }

    /** A live window from memory only. */
    static void fill(LiveChart rates, LiveChart oee, List<Sample> samples) {
        draw(rates, oee, List.of(), samples);
    }
}
