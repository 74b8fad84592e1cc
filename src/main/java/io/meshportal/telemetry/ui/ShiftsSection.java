package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.timepicker.TimePicker;
import io.meshportal.base.InvalidRequestException;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.base.ui.Inputs;
import io.meshportal.base.ui.Translations;
import io.meshportal.calendar.CalendarService;
import io.meshportal.calendar.FactoryTime;
import io.meshportal.calendar.ShiftCalendar;
import io.meshportal.calendar.ShiftTime;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Viewer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A factory's time zone and shift calendar on its page: today's shifts in its zone, and for whoever may operate the
 * factory an editor (zone, and per shift its name, start, length and planned breaks), saved through the calendar
 * service, which reports every problem by field; nothing is stored until all are solved. A change applies at once
 * and needs no redeploy: nothing of it goes to the factory's pods.
 */
class ShiftsSection extends VerticalLayout {

    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm");

    private final CalendarService calendar;
    private final Viewer viewer;
    private final String factoryId;
    private final boolean editable;
    private final Span today = new Span();
    private final Span notSet = new Span(Translations.t("calendar.default"));
    private final ComboBox<String> zone = new ComboBox<>();
    private final VerticalLayout shiftRows = new VerticalLayout();
    private final List<ShiftEditor> shifts = new ArrayList<>();
    private final Span problems = new Span();
    private final Button addShift = new Button(Translations.t("calendar.add-shift"), VaadinIcon.PLUS.create());

    ShiftsSection(CalendarService calendar, Viewer viewer, String factoryId) {
        this.calendar = calendar;
        this.viewer = viewer;
        this.factoryId = factoryId;
        this.editable = viewer.canOperate(factoryId);
        setPadding(false);
        setId("factory-calendar");
        today.setId("calendar-today");
        notSet.setId("calendar-default");
        notSet.addClassName("muted");
        zone.setId("calendar-zone");
        zone.setLabel(getTranslation("calendar.zone"));
        zone.setItems(ZoneId.getAvailableZoneIds().stream().sorted().toList());
        // a name typed that is no zone is kept, for the service to say why (next to the field)
        zone.setAllowCustomValue(true);
        zone.addCustomValueSetListener(e -> zone.setValue(e.getDetail()));
        zone.setWidth("18em");
        zone.setReadOnly(!editable);
        shiftRows.setPadding(false);
        shiftRows.setSpacing(false);
        shiftRows.setId("calendar-shifts");
        problems.setId("calendar-problems");
        problems.addClassName("error");
        problems.setVisible(false);
        addShift.setId("calendar-add-shift");
        addShift.addClickListener(e -> add(new ShiftEditor(new ShiftCalendar.Shift("", null, 480, List.of()))));
        addShift.setVisible(editable);
        Button save = new Button(getTranslation("action.save"), e -> save());
        save.setId("calendar-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setVisible(editable);
        Paragraph note = new Paragraph(getTranslation(editable ? "calendar.note" : "calendar.read-only"));
        note.addClassName("muted");
        VerticalLayout form = new VerticalLayout(zone, shiftRows, addShift, problems, note, save);
        form.setPadding(false);
        Details details = new Details(getTranslation(editable ? "calendar.edit" : "calendar.show"), form);
        details.setId("calendar-details");
        add(new H3(getTranslation("calendar.title")), today, notSet, details);
        show(calendar.get(viewer, factoryId));
    }

    private void show(CalendarService.Setting setting) {
        FactoryTime time = setting.time();
        zone.setValue(time.zone().getId());
        shifts.clear();
        shiftRows.removeAll();
        time.calendar().shifts().forEach(s -> add(new ShiftEditor(s)));
        notSet.setVisible(!setting.custom());
        List<ShiftTime> day = time.shifts(time.day(Instant.now()));
        today.setText(getTranslation(
                "calendar.today",
                time.zone().getId(),
                day.stream()
                        .map(s -> s.name() + " " + HOURS.format(s.start().atZone(time.zone())) + "–"
                                + HOURS.format(s.end().atZone(time.zone())) + " (" + Format.length(s.length()) + ")")
                        .collect(Collectors.joining(" · "))));
    }

    private void add(ShiftEditor editor) {
        shifts.add(editor);
        shiftRows.add(editor);
        addShift.setEnabled(shifts.size() < ShiftCalendar.MAX_SHIFTS);
        number();
    }

    private void remove(ShiftEditor editor) {
        shifts.remove(editor);
        shiftRows.remove(editor);
        addShift.setEnabled(true);
        number();
    }

    /** Stable ids by position (calendar-shift-0-name …), as the service names the fields. */
    private void number() {
        for (int i = 0; i < shifts.size(); i++) {
            ShiftEditor s = shifts.get(i);
            String id = "calendar-shift-" + i;
            s.name.setId(id + "-name");
            s.start.setId(id + "-start");
            s.hours.setId(id + "-hours");
            s.minutes.setId(id + "-minutes");
        }
    }

    private void save() {
        Map<String, HasValidation> fields = fields();
        FieldProblems.clear(fields);
        problems.setVisible(false);
        ShiftCalendar wanted =
                new ShiftCalendar(shifts.stream().map(ShiftEditor::value).toList());
        try {
            FactoryTime saved = calendar.set(viewer, factoryId, zone.getValue(), wanted);
            show(calendar.get(viewer, factoryId));
            Notification.show(getTranslation(
                    "calendar.saved",
                    saved.calendar().shifts().size(),
                    saved.zone().getId()));
        } catch (InvalidRequestException e) {
            List<String> unplaced = FieldProblems.show(fields, e.problems());
            problems.setText(String.join(" ", unplaced));
            problems.setVisible(!unplaced.isEmpty());
        } catch (AccessDeniedException e) {
            Notification.show(getTranslation("calendar.read-only"));
        }
    }

    /** Field key as the service names it → the field that shows its problem. */
    private Map<String, HasValidation> fields() {
        Map<String, HasValidation> fields = new LinkedHashMap<>();
        fields.put("zone", zone);
        for (int i = 0; i < shifts.size(); i++) {
            ShiftEditor s = shifts.get(i);
            String key = "shifts[" + i + "]";
            fields.put(key, s.start); // a shift here always has its name and length: what it lacks is its start
            fields.put(key + ".name", s.name);
            fields.put(key + ".start", s.start);
            fields.put(key + ".minutes", s.hours);
            for (int j = 0; j < s.breaks.size(); j++) {
                fields.put(key + ".breaks[" + j + "]", s.breaks.get(j).start);
            }
        }
        return fields;
    }

    /** One shift: its name, start, length in hours and minutes, and its planned breaks. */
    private final class ShiftEditor extends VerticalLayout {

        final TextField name = new TextField();
        final TimePicker start = new TimePicker();
        final IntegerField hours = Inputs.bounded(new IntegerField(), 0, 24);
        final IntegerField minutes = Inputs.bounded(new IntegerField(), 0, 59);
        final List<BreakEditor> breaks = new ArrayList<>();
        private final HorizontalLayout breakRow = new HorizontalLayout();
        private final Button addBreak = new Button(getTranslation("calendar.add-break"), VaadinIcon.PLUS.create());

        ShiftEditor(ShiftCalendar.Shift shift) {
            setPadding(false);
            setSpacing(false);
            addClassName("calendar-shift");
            name.setLabel(getTranslation("calendar.shift.name"));
            name.setMaxLength(20);
            name.setValue(shift.name() == null ? "" : shift.name());
            name.setWidth("9em");
            start.setLabel(getTranslation("calendar.shift.start"));
            start.setStep(Duration.ofMinutes(15));
            start.setValue(shift.start());
            start.setWidth("8em");
            hours.setLabel(getTranslation("calendar.shift.hours"));
            hours.setValue(shift.minutes() / 60);
            hours.setWidth("7em");
            minutes.setLabel(getTranslation("calendar.shift.minutes"));
            minutes.setValue(shift.minutes() % 60);
            minutes.setWidth("7em");
            Button remove = new Button(VaadinIcon.TRASH.create(), e -> ShiftsSection.this.remove(this));
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            remove.getElement().setAttribute("aria-label", getTranslation("calendar.remove-shift"));
            remove.setTooltipText(getTranslation("calendar.remove-shift"));
            remove.setVisible(editable);
            HorizontalLayout row = new HorizontalLayout(name, start, hours, minutes, remove);
            row.setAlignItems(FlexComponent.Alignment.BASELINE);
            breakRow.setAlignItems(FlexComponent.Alignment.BASELINE);
            breakRow.getStyle().set("padding-left", "2em");
            breakRow.setWrap(true);
            addBreak.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            addBreak.addClickListener(e -> addBreak(new ShiftCalendar.Break(null, 30)));
            addBreak.setVisible(editable);
            breakRow.add(addBreak);
            shift.breaks().forEach(this::addBreak);
            add(row, breakRow);
            name.setReadOnly(!editable);
            hours.setReadOnly(!editable);
            minutes.setReadOnly(!editable);
            start.setReadOnly(!editable);
        }

        private void addBreak(ShiftCalendar.Break b) {
            BreakEditor editor = new BreakEditor(b, this);
            breaks.add(editor);
            breakRow.addComponentAtIndex(breakRow.getComponentCount() - 1, editor);
            addBreak.setEnabled(breaks.size() < ShiftCalendar.MAX_BREAKS);
        }

        private void removeBreak(BreakEditor editor) {
            breaks.remove(editor);
            breakRow.remove(editor);
            addBreak.setEnabled(true);
        }

        ShiftCalendar.Shift value() {
            int length = (hours.getValue() == null ? 0 : hours.getValue()) * 60
                    + (minutes.getValue() == null ? 0 : minutes.getValue());
            return new ShiftCalendar.Shift(
                    name.getValue().trim(),
                    start.getValue(),
                    length,
                    breaks.stream().map(BreakEditor::value).toList());
        }
    }

    /** A planned break: its wall-clock start and minutes. */
    private final class BreakEditor extends HorizontalLayout {

        final TimePicker start = new TimePicker();
        final IntegerField minutes = Inputs.bounded(new IntegerField(), 1, 120);

        BreakEditor(ShiftCalendar.Break b, ShiftEditor shift) {
            setAlignItems(FlexComponent.Alignment.BASELINE);
            setSpacing(false);
            start.setLabel(getTranslation("calendar.break.start"));
            start.setStep(Duration.ofMinutes(15));
            start.setValue(b.start());
            start.setWidth("8em");
            start.setReadOnly(!editable);
            minutes.setLabel(getTranslation("calendar.break.minutes"));
            minutes.setValue(b.minutes());
            minutes.setWidth("7em");
            minutes.setReadOnly(!editable);
            Button remove = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> shift.removeBreak(this));
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            remove.getElement().setAttribute("aria-label", getTranslation("calendar.remove-break"));
            remove.setTooltipText(getTranslation("calendar.remove-break"));
            remove.setVisible(editable);
            add(start, minutes, remove);
        }

        ShiftCalendar.Break value() {
            LocalTime at = start.getValue();
            return new ShiftCalendar.Break(at, minutes.getValue() == null ? 0 : minutes.getValue());
        }
    }
}
