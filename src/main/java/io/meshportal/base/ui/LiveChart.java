package io.meshportal.base.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.dependency.JavaScript;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.Div;
import java.time.Duration;
import java.util.List;

/**
 * A live time-series chart: our own small component over uPlot (MIT, from its webjar). The server sends the
 * window once ({@link #setData}) and then one point per push ({@link #append}); history is never re-sent.
 */
@JavaScript("context://webjars/uplot/1.6.30/dist/uPlot.iife.min.js")
@JavaScript("context://scripts/live-chart.js")
@StyleSheet("context://webjars/uplot/1.6.30/dist/uPlot.min.css")
public class LiveChart extends Div {

    /**
     * One line of the chart.
     *
     * @param unit shown with the value on hover (e.g. "units/min", "%")
     * @param thin a thin dashed line (a bucket's minimum or maximum beside its mean)
     */
    public record Series(String label, String color, int decimals, String unit, boolean thin) {

        public Series(String label, String color, int decimals) {
            this(label, color, decimals, "", false);
        }
    }

    private final List<Series> series;
    private final int height;
    private final Double yMin;
    private final Double yMax;
    private Duration window;

    public LiveChart(String title, int height, Duration window, Series... series) {
        this(title, height, window, null, null, series);
    }

    /** A chart with a fixed y range (e.g. 0–100 for percentages). */
    public LiveChart(String title, int height, Duration window, Double yMin, Double yMax, Series... series) {
        this.series = List.of(series);
        this.height = height;
        this.window = window;
        this.yMin = yMin;
        this.yMax = yMax;
        addClassName("live-chart");
        getElement().setAttribute("aria-label", title);
        setWidthFull();
        setHeight((height + 40) + "px");
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        getElement().executeJs("window.meshportalLiveChart.init(this, $0)", config());
    }

    /** Replaces the whole window: times in epoch millis, one values array per series (NaN = gap). */
    public void setData(long[] epochMillis, double[][] values) {
        // times: the first in epoch seconds, then milliseconds since the previous point (a 1 s series sends
        // "1000" instead of a 14-digit timestamp per point); live-chart.js adds them up again
        StringBuilder json = new StringBuilder(epochMillis.length * 8 * (values.length + 1)).append("[[");
        for (int i = 0; i < epochMillis.length; i++) {
            if (i == 0) {
                json.append(epochMillis[0] / 1000.0);
            } else {
                json.append(',').append(epochMillis[i] - epochMillis[i - 1]);
            }
        }
        json.append(']');
        for (int s = 0; s < values.length; s++) {
            json.append(",[");
            for (int i = 0; i < values[s].length; i++) {
                json.append(i == 0 ? "" : ",");
                number(json, values[s][i], precision(s));
            }
            json.append(']');
        }
        getElement()
                .executeJs(
                        "window.meshportalLiveChart.setData(this, $0)",
                        json.append(']').toString());
    }

    /** Adds one point at the end; older points fall out of the window on the client. */
    public void append(long epochMillis, double... values) {
        StringBuilder json =
                new StringBuilder(16 * (values.length + 1)).append('[').append(epochMillis / 1000.0);
        for (int s = 0; s < values.length; s++) {
            number(json.append(','), values[s], precision(s));
        }
        getElement()
                .executeJs(
                        "window.meshportalLiveChart.append(this, $0)",
                        json.append(']').toString());
    }

    public void setWindow(Duration window) {
        this.window = window;
        getElement().executeJs("window.meshportalLiveChart.setWindow(this, $0)", window.toSeconds());
    }

    public Duration window() {
        return window;
    }

    private String config() {
        StringBuilder json = new StringBuilder("{\"height\":")
                .append(height)
                .append(",\"windowSeconds\":")
                .append(window.toSeconds());
        if (yMin != null && yMax != null) {
            json.append(",\"yRange\":[").append(yMin).append(',').append(yMax).append(']');
        }
        json.append(",\"series\":[");
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"label\":\"")
                    .append(escape(s.label()))
                    .append("\",\"color\":\"")
                    .append(escape(s.color()))
                    .append("\",\"decimals\":")
                    .append(s.decimals())
                    .append(",\"unit\":\"")
                    .append(escape(s.unit()))
                    .append("\",\"thin\":")
                    .append(s.thin())
                    .append('}');
        }
        return json.append("]}").toString();
    }

    /**
     * One digit more than the series shows: full double precision would triple every payload, and the last
     * one a UI was sent stays in its memory (Vaadin keeps it to answer a repeated request).
     */
    private int precision(int seriesIndex) {
        return seriesIndex < series.size() ? series.get(seriesIndex).decimals() + 1 : 3;
    }

    static void number(StringBuilder json, double v, int decimals) {
        if (!Double.isFinite(v)) {
            json.append("null");
            return;
        }
        double scale = Math.pow(10, decimals);
        double rounded = Math.round(v * scale) / scale;
        if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            json.append((long) rounded);
        } else {
            json.append(rounded);
        }
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
