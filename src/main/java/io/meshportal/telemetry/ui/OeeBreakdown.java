package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import io.meshportal.factory.Oee;

/** A factory's OEE taken apart: availability, performance and quality, each as a bar and a percentage. */
class OeeBreakdown extends Div {

    private final ProgressBar availability = bar();
    private final ProgressBar performance = bar();
    private final ProgressBar quality = bar();
    private final Span availabilityText = new Span();
    private final Span performanceText = new Span();
    private final Span qualityText = new Span();

    OeeBreakdown() {
        add(
                new H3(getTranslation("factory.oee-breakdown")),
                row(getTranslation("oee.availability"), availability, availabilityText),
                row(getTranslation("oee.performance"), performance, performanceText),
                row(getTranslation("oee.quality"), quality, qualityText));
        addClassName("oee-breakdown");
    }

    void show(Oee o) {
        availability.setValue(clamp(o.availability()));
        performance.setValue(clamp(o.performance()));
        quality.setValue(clamp(o.quality()));
        availabilityText.setText(Format.percent(o.availability()));
        performanceText.setText(Format.percent(o.performance()));
        qualityText.setText(Format.percent(o.quality()));
    }

    private static ProgressBar bar() {
        ProgressBar bar = new ProgressBar(0, 1);
        bar.setWidth("240px");
        return bar;
    }

    private static HorizontalLayout row(String label, ProgressBar bar, Span text) {
        Span caption = new Span(label);
        caption.setWidth("110px");
        // a progress bar needs a name of its own for screen readers (WCAG 4.1.2; axe: aria-progressbar-name)
        bar.getElement().setAttribute("aria-label", label);
        HorizontalLayout row = new HorizontalLayout(caption, bar, text);
        row.setAlignItems(FlexComponent.Alignment.CENTER);
        return row;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
