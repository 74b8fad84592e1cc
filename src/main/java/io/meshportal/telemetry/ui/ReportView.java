package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import io.meshportal.base.InvalidRequestException;
import io.meshportal.base.ui.CsvDownload;
import io.meshportal.base.ui.Translations;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.FactoryTelemetry;
import io.meshportal.telemetry.HistoryRange;
import io.meshportal.telemetry.HistoryService;
import io.meshportal.telemetry.HistoryService.ShiftRow;
import io.meshportal.telemetry.HistoryService.Totals;
import io.meshportal.telemetry.TelemetryService;
import jakarta.annotation.security.PermitAll;
import java.io.Writer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Shift report, like an MES's: per shift of a day, for one factory or the whole fleet the viewer sees, what was
 * made and rejected, OEE with availability, performance and quality, minutes down, in maintenance and idle, each
 * against the shift before and the same shift a week earlier; CSV of the report and of the day's minutes.
 */
@Route("reports")
@Menu(order = 1.5, title = "Shift report", icon = "FILE_TABLE")
@PermitAll
class ReportView extends VerticalLayout implements HasUrlParameter<String>, com.vaadin.flow.router.HasDynamicTitle {

    static final String FLEET = "";
    private static final DateTimeFormatter HOURS =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final HistoryService history;
    private final TelemetryService telemetry;
    private final Viewer viewer;
    private final Select<String> factory = new Select<>();
    private final DatePicker day = new DatePicker(Translations.t("report.day"));
    private final Grid<ShiftRow> grid = new Grid<>();
    private final HorizontalLayout downloads = new HorizontalLayout();
    private boolean building;

    ReportView(HistoryService history, TelemetryService telemetry, CurrentUser currentUser) {
        this.history = history;
        this.telemetry = telemetry;
        this.viewer = currentUser.require();
        setId("report-view");
        factory.setLabel(getTranslation("column.factory"));
        factory.setItemLabelGenerator(f -> FLEET.equals(f) ? getTranslation("dashboard.fleet") : f);
        factory.setId("report-factory");
        day.setI18n(Translations.datePicker());
        day.setId("report-day");
        day.setValue(LocalDate.now(ZoneOffset.UTC));
        day.setMax(LocalDate.now(ZoneOffset.UTC));
        day.setMin(LocalDate.now(ZoneOffset.UTC).minusDays(history.retention().toDays()));
        factory.addValueChangeListener(e -> load());
        day.addValueChangeListener(e -> load());
        configureGrid();
        HorizontalLayout bar = new HorizontalLayout(factory, day, downloads);
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(new H2(getTranslation("menu.reports")), bar, grid, new Paragraph(getTranslation("report.note")));
    }

    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter String factoryId) {
        List<String> items = new ArrayList<>();
        if (viewer.seesAllFactories()) {
            items.add(FLEET);
        }
        telemetry.current(viewer).factories().stream()
                .map(FactoryTelemetry::id)
                .sorted()
                .forEach(items::add);
        if (factoryId != null && (!viewer.canSee(factoryId) || !items.contains(factoryId))) {
            event.rerouteToError(NotFoundException.class, "No factory " + factoryId);
            return;
        }
        building = true;
        factory.setItems(items);
        factory.setValue(factoryId != null ? factoryId : items.isEmpty() ? null : items.getFirst());
        building = false;
        load();
    }

    private String selectedFactory() {
        return FLEET.equals(factory.getValue()) ? null : factory.getValue();
    }

    private void load() {
        if (building || factory.getValue() == null) {
            return;
        }
        day.setInvalid(false);
        try {
            grid.setItems(history.shifts(viewer, selectedFactory(), day.getValue()));
        } catch (InvalidRequestException e) {
            day.setErrorMessage(e.problems().getOrDefault("day", e.getMessage()));
            day.setInvalid(true);
            grid.setItems(List.of());
        } catch (AccessDeniedException e) {
            grid.setItems(List.of());
        }
        downloads.removeAll();
        String name = (selectedFactory() == null ? "fleet" : selectedFactory()) + "-" + day.getValue();
        String scope = selectedFactory();
        LocalDate when = day.getValue();
        Anchor report = new Anchor(
                csv(name + "-shifts.csv", out -> history.exportShifts(viewer, scope, when, out)),
                getTranslation("report.csv"));
        report.setId("report-csv");
        // the day's minutes (or hours, for a day older than the minutes kept), streamed as they are read
        Anchor minutes = new Anchor(
                csv(
                        name + "-data.csv",
                        out -> history.exportChart(viewer, scope == null ? null : List.of(scope), dayRange(when), out)),
                getTranslation("chart.csv"));
        minutes.setId("report-data-csv");
        downloads.add(report, minutes);
    }

    /** The day, up to now when it is today. */
    private static HistoryRange dayRange(LocalDate day) {
        java.time.Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        java.time.Instant end = start.plus(Duration.ofDays(1));
        java.time.Instant now = java.time.Instant.now();
        return new HistoryRange(start, end.isAfter(now) ? now : end);
    }

    interface CsvWriter {
        void write(Writer out);
    }

    /**
     * A download by the viewer captured here: spooled to a temporary file while the database is read (never built
     * in memory), then sent from the file, so a slow client holds no database connection.
     */
    static DownloadHandler csv(String fileName, CsvWriter body) {
        return CsvDownload.of(
                fileName, body::write, e -> e instanceof InvalidRequestException || e instanceof AccessDeniedException);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.reports"));
    }

    private void configureGrid() {
        grid.setId("report-grid");
        grid.addColumn(r -> HOURS.format(r.start()) + "–" + HOURS.format(r.end()))
                .setHeader(getTranslation("report.shift"));
        grid.addColumn(r -> Format.count(r.shift().made()))
                .setHeader(getTranslation("report.made"))
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> Format.count(r.shift().rejected()))
                .setHeader(getTranslation("factory.rejected"))
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> oee(r.shift()))
                .setHeader(getTranslation("column.oee"))
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> Format.factors(r.shift().oee())).setHeader(getTranslation("report.factors"));
        grid.addColumn(r -> minutes(r.shift().downMinutes()) + " / "
                        + minutes(r.shift().maintenanceMinutes()) + " / "
                        + minutes(r.shift().idleMinutes()))
                .setHeader(getTranslation("report.minutes"));
        grid.addColumn(r -> Format.count(r.previous().made()) + " · " + oee(r.previous()))
                .setHeader(getTranslation("report.previous"));
        grid.addColumn(r -> Format.count(r.weekBefore().made()) + " · " + oee(r.weekBefore()))
                .setHeader(getTranslation("report.week-before"));
        grid.setAllRowsVisible(true);
    }

    private static String oee(Totals t) {
        return t.oee().plannedSeconds() > 0 ? Format.percent(t.oee().oee()) : "—";
    }

    private static String minutes(double m) {
        return String.valueOf(Math.round(m));
    }
}
