package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.meshportal.factory.FactoryState;
import io.meshportal.telemetry.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A factory's states over time: runs of equal state as proportional coloured segments, each titled with its span. */
class StateTimeline extends Div {

    StateTimeline() {
        addClassName("state-timeline");
        setId("state-timeline");
    }

    /** Draws the runs of equal state in {@code samples} (oldest first); too few samples say they are being collected. */
    void show(List<Sample> samples) {
        removeAll();
        if (samples.size() < 2) {
            add(new Span(getTranslation("factory.collecting")));
            return;
        }
        long start = samples.getFirst().epochMillis();
        long span = Math.max(1, samples.getLast().epochMillis() - start);
        int runStart = 0;
        for (int i = 1; i <= samples.size(); i++) {
            if (i == samples.size()
                    || samples.get(i).state() != samples.get(runStart).state()) {
                long from = samples.get(runStart).epochMillis();
                long to = samples.get(i == samples.size() ? i - 1 : i).epochMillis();
                Div segment = new Div();
                segment.addClassName("segment");
                FactoryState st = samples.get(runStart).state();
                segment.getElement().setAttribute("state", st.name().toLowerCase(Locale.ROOT));
                segment.getStyle().set("flex-grow", String.valueOf(Math.max(1, to - from) * 1000 / span));
                segment.setTitle(getTranslation("state." + st.name()) + " " + Instant.ofEpochMilli(from) + " – "
                        + Instant.ofEpochMilli(to));
                add(segment);
                runStart = i;
            }
        }
    }
}
