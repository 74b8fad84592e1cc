package io.meshportal.base.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/**
 * A key figure: label, big value, small detail line. The texts are the spans' {@code innerText} property (set as text, never parsed as HTML), not
 * text child nodes: a text node is a state node of its own, and a new one on every change — per tile, per
 * second, on every open screen.
 */
public class KpiTile extends Div {

    private final Span value = text("—", "kpi-value");
    private final Span detail = text("", "kpi-detail");

    public KpiTile(String label, String id) {
        addClassName("kpi-tile");
        setId(id);
        add(text(label, "kpi-label"), value, detail);
    }

    public void set(String newValue, String newDetail) {
        value.getElement().setProperty("innerText", newValue);
        detail.getElement().setProperty("innerText", newDetail);
    }

    public void setTone(String tone) {
        getElement().setAttribute("tone", tone);
    }

    private static Span text(String text, String className) {
        Span span = new Span();
        span.addClassName(className);
        span.getElement().setProperty("innerText", text);
        return span;
    }
}
