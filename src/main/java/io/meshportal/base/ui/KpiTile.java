package io.meshportal.base.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/** A key figure: label, big value, small detail line. */
public class KpiTile extends Div {

    private final Span value = new Span("—");
    private final Span detail = new Span();

    public KpiTile(String label, String id) {
        addClassName("kpi-tile");
        setId(id);
        Span caption = new Span(label);
        caption.addClassName("kpi-label");
        value.addClassName("kpi-value");
        detail.addClassName("kpi-detail");
        add(caption, value, detail);
    }

    public void set(String newValue, String newDetail) {
        value.setText(newValue);
        detail.setText(newDetail);
    }

    public void setTone(String tone) {
        getElement().setAttribute("tone", tone);
    }
}
