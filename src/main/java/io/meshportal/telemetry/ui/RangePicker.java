package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.base.ui.Translations;
import io.meshportal.telemetry.HistoryRange;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The charts' time range: quick ranges from 5 minutes to 90 days, or a start and an end in the viewer's time zone
 * (shown beside it: the charts draw times in the browser's zone). Tells its owner when the range changes.
 */
class RangePicker extends HorizontalLayout {

    // A searchable list, as Grafana's quick ranges are; a combo box sends its items only when opened (a select
    // keeps a component per item on every open screen).
    private final ComboBox<TimeRange> quick = new ComboBox<>();
    private TimeRange shown;
    private final Span zoneLabel = new Span();
    private final Runnable changed;
    // Made at the first "Custom": two date-time pickers are about 40 state nodes, and hidden ones keep their
    // set-up scripts pending, on every open dashboard that never asks for a custom range.
    private DateTimePicker from;
    private DateTimePicker to;
    private Button apply;
    private ZoneId zone = ZoneOffset.UTC;
    private HistoryRange custom;

    RangePicker(TimeRange initial, Runnable changed) {
        this.changed = changed;
        quick.setLabel(getTranslation("range.label"));
        quick.setId("range");
        quick.setItems(TimeRange.values());
        quick.setItemLabelGenerator(TimeRange::label);
        quick.setValue(initial);
        shown = initial;
        zoneLabel.setId("range-zone");
        zoneLabel.addClassName("muted");
        quick.addValueChangeListener(e -> {
            if (e.getValue() == null) {
                quick.setValue(shown); // an emptied box goes back to the range on show
                return;
            }
            if (e.getValue() == shown) {
                return;
            }
            shown = e.getValue();
            if (shown == TimeRange.CUSTOM) {
                showCustom(true);
                Instant now = Instant.now();
                from.setValue(LocalDateTime.ofInstant(now.minus(Duration.ofDays(1)), zone));
                to.setValue(LocalDateTime.ofInstant(now, zone));
            } else {
                showCustom(false);
                changed.run();
            }
        });
        add(quick, zoneLabel);
        setAlignItems(FlexComponent.Alignment.BASELINE);
    }

    private void createCustomFields() {
        from = new DateTimePicker(getTranslation("range.from"));
        to = new DateTimePicker(getTranslation("range.to"));
        apply = new Button(getTranslation("range.show"));
        from.setDatePickerI18n(Translations.datePicker());
        to.setDatePickerI18n(Translations.datePicker());
        from.setId("range-from");
        to.setId("range-to");
        apply.setId("range-apply");
        apply.addClickListener(e -> {
            FieldProblems.clear(fields());
            custom = new HistoryRange(
                    from.getValue() == null
                            ? null
                            : from.getValue().atZone(zone).toInstant(),
                    to.getValue() == null ? null : to.getValue().atZone(zone).toInstant());
            changed.run();
        });
        addComponentAtIndex(1, from);
        addComponentAtIndex(2, to);
        addComponentAtIndex(3, apply);
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        attach.getUI().getPage().retrieveExtendedClientDetails(details -> {
            try {
                zone = ZoneId.of(details.getTimeZoneId());
            } catch (RuntimeException unknownZone) {
                zone = ZoneOffset.UTC;
            }
            zoneLabel.setText(getTranslation("range.zone", zone.getId()));
        });
    }

    private void showCustom(boolean visible) {
        if (from == null) {
            if (!visible) {
                return;
            }
            createCustomFields();
        }
        from.setVisible(visible);
        to.setVisible(visible);
        apply.setVisible(visible);
    }

    TimeRange selected() {
        return shown;
    }

    /** Live from memory: the quick ranges up to an hour. */
    boolean live() {
        return shown.live();
    }

    /** The window of a live range. */
    Duration liveWindow() {
        return live() ? shown.duration : Duration.ofHours(1);
    }

    /** The range to read from history (a quick range ends now). */
    HistoryRange range() {
        if (shown == TimeRange.CUSTOM) {
            return custom == null ? new HistoryRange(null, null) : custom;
        }
        Instant now = Instant.now();
        return new HistoryRange(now.minus(shown.duration), now);
    }

    /** Shows what is wrong with a custom range next to its fields. */
    void showProblems(Map<String, String> problems) {
        if (from == null) {
            return; // only a custom range can be wrong, and its fields exist once it was chosen
        }
        FieldProblems.show(fields(), problems);
    }

    private Map<String, HasValidation> fields() {
        return Map.of("from", from, "to", to);
    }
}
