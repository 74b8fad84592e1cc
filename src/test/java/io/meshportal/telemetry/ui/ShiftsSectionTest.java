package io.meshportal.telemetry.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.ComboBoxKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.timepicker.TimePicker;
import io.meshportal.calendar.CalendarService;
import io.meshportal.calendar.ShiftCalendar;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.support.KaribuTest;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The factory page's shifts and time zone: problems shown next to their fields, nothing stored until solved. */
class ShiftsSectionTest extends KaribuTest {

    static final Viewer ADMIN = new Viewer("k-admin", Role.ADMIN, null);

    @Autowired
    CalendarService calendar;

    @AfterEach
    void backToBerlin() {
        // the country's zone and the default shifts again, for the tests after this one
        calendar.set(ADMIN, "berlin-1", "Europe/Berlin", ShiftCalendar.threeShifts());
    }

    @Test
    void aZoneThatDoesNotExistIsShownNextToTheZoneFieldAndNothingIsStored() {
        signIn("k-office");
        UI.getCurrent().navigate("factories/berlin-1");
        @SuppressWarnings("unchecked")
        ComboBox<String> zone = _get(ComboBox.class, s -> s.withId("calendar-zone"));
        assertThat(zone.getValue()).isEqualTo("Europe/Berlin");
        assertThat(_get(Span.class, s -> s.withId("calendar-today")).getText())
                .startsWith("Today in Europe/Berlin: Early 06:00–14:00");
        ShiftCalendar before = calendar.get(ADMIN, "berlin-1").time().calendar();

        ComboBoxKt._fireCustomValueSet(zone, "Mars/Olympus");
        _click(_get(Button.class, s -> s.withId("calendar-save")));

        assertThat(zone.isInvalid()).isTrue();
        assertThat(zone.getErrorMessage())
                .isEqualTo("An IANA time zone such as Europe/Berlin; \"Mars/Olympus\" is not one");
        assertThat(calendar.get(ADMIN, "berlin-1").time())
                .satisfies(t -> assertThat(t.zone()).isEqualTo(ZoneId.of("Europe/Berlin")))
                .satisfies(t -> assertThat(t.calendar()).isEqualTo(before));
    }

    @Test
    void anOverlapIsShownAtTheShiftsStartInTheScreensLanguage() {
        signIn("k-office");
        UI.getCurrent().setLocale(Locale.GERMAN);
        UI.getCurrent().navigate("factories/berlin-1");
        List<TimePicker> starts = _find(TimePicker.class).stream()
                .filter(t -> t.getLabel().equals("Beginnt um"))
                .toList();
        assertThat(starts).hasSize(3);
        starts.get(1).setValue(LocalTime.of(13, 0));
        _click(_get(Button.class, s -> s.withId("calendar-save")));

        assertThat(starts.get(1).isInvalid()).isTrue();
        assertThat(starts.get(1).getErrorMessage())
                .isEqualTo("Überschneidet sich mit Schicht Early: sie sollte um 14:00 beginnen");
        assertThat(calendar.get(ADMIN, "berlin-1")
                        .time()
                        .calendar()
                        .shifts()
                        .get(1)
                        .start())
                .isEqualTo(LocalTime.of(14, 0));
    }

    @Test
    void aValidCalendarIsStoredAndTheReportFollowsItsZone() {
        signIn("k-office");
        UI.getCurrent().navigate("factories/berlin-1");
        @SuppressWarnings("unchecked")
        ComboBox<String> zone = _get(ComboBox.class, s -> s.withId("calendar-zone"));
        zone.setValue("Europe/Lisbon");
        _click(_get(Button.class, s -> s.withId("calendar-save")));

        assertThat(zone.isInvalid()).isFalse();
        CalendarService.Setting stored = calendar.get(ADMIN, "berlin-1");
        assertThat(stored.custom()).isTrue();
        assertThat(stored.time().zone()).isEqualTo(ZoneId.of("Europe/Lisbon"));
        assertThat(_get(Span.class, s -> s.withId("calendar-today")).getText()).startsWith("Today in Europe/Lisbon");

        UI.getCurrent().navigate("reports/berlin-1");
        Grid<?> grid = _get(Grid.class, s -> s.withId("report-grid"));
        assertThat(grid.getColumns().getFirst().getHeaderText()).isEqualTo("Shift (Europe/Lisbon)");
        assertThat(grid.getColumns()).extracting(Grid.Column::getHeaderText).contains("Length", "Planned (no breaks)");
    }

    @Test
    void theFleetReportHasTheirSumAndARowPerFactoryInItsOwnZone() {
        signIn("k-office");
        UI.getCurrent().navigate("reports");
        @SuppressWarnings("unchecked")
        Grid<io.meshportal.telemetry.HistoryService.ShiftRow> grid = _get(Grid.class, s -> s.withId("report-grid"));
        assertThat(grid.getColumns())
                .extracting(Grid.Column::getHeaderText)
                .startsWith("Factory", "Production day (in the factory's zone)", "Length")
                .contains("Day before (made · OEE)");
        var rows = grid.getGenericDataView().getItems().toList();
        assertThat(rows.getFirst().factoryId()).isNull();
        assertThat(rows)
                .extracting(io.meshportal.telemetry.HistoryService.ShiftRow::factoryId)
                .contains("berlin-1", "lyon-1");
        assertThat(rows.stream().filter(r -> "lyon-1".equals(r.factoryId())))
                .singleElement()
                .satisfies(r -> assertThat(r.zone()).isEqualTo(ZoneId.of("Europe/Paris")));
    }
}
