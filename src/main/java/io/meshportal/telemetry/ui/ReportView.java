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
 * Shift report, like an MES's: per shift of a factory's production day in its own zone and shift calendar (a shift
 * across a clock change 7 h or 9 h long, shown so), or for the whole fleet the viewer sees one row per factory for
 * its own production day and their sum; what was made and rejected, OEE with availability, performance and quality
 * (planned breaks are no planned time), minutes down, in maintenance and idle, each against the shift (or day)
 * before and the same one a week earlier; CSV of the report and of the day's minutes.
 */
@Route("reports")
@Menu(order = 1.5, title = "Shift report", icon = "FILE_TABLE")
@PermitAll
class ReportView extends VerticalLayout implements HasUrlParameter<String>, com.vaadin.flow.router.HasDynamicTitle {

    static final String FLEET = "";
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm");

    private final HistoryService history;
    private final TelemetryService telemetry;
    private final io.meshportal.calendar.CalendarService calendar;
    private final Viewer viewer;
    private final Select<String> factory = new Select<>();
    private final DatePicker day = new DatePicker(Translations.t("report.day"));
    private final Grid<ShiftRow> grid = new Grid<>();
    private final HorizontalLayout downloads = new HorizontalLayout();
    /** A factory's report per product; none for the fleet (products are kept per factory). */
    private ProductsSection products;

    private boolean building;

    ReportView(
            HistoryService history,
            TelemetryService telemetry,
            io.meshportal.calendar.CalendarService calendar,
            CurrentUser currentUser) {
        this.history = history;
        this.calendar = calendar;
        this.telemetry = telemetry;
        this.viewer = currentUser.require();
        setId("report-view");
        factory.setLabel(getTranslation("column.factory"));
        factory.setItemLabelGenerator(f -> FLEET.equals(f) ? getTranslation("dashboard.fleet") : f);
        factory.setId("report-factory");
        day.setI18n(Translations.datePicker());
        day.setId("report-day");
        factory.addValueChangeListener(e -> {
            if (!building) {
                openOn(false);
            }
            load();
        });
        day.addValueChangeListener(e -> load());
        grid.setId("report-grid");
        grid.setAllRowsVisible(true);
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
        openOn(true);
        building = false;
        load();
    }

    private String selectedFactory() {
        return FLEET.equals(factory.getValue()) ? null : factory.getValue();
    }

    /**
     * The days the picker offers for the selected factory, and (on opening, or when the day picked is past them)
     * the day it shows: the factory's current production day in its zone; for the fleet the latest day every
     * factory has begun. For the fleet, days up to the latest one anywhere on earth may be picked (a day no factory
     * has begun is refused next to the field).
     */
    private void openOn(boolean today) {
        if (factory.getValue() == null) {
            return;
        }
        boolean was = building;
        building = true;
        try {
            LocalDate current = history.today(viewer, selectedFactory());
            LocalDate latest = selectedFactory() == null ? LocalDate.now(ZoneOffset.MAX) : current;
            day.setMax(latest);
            day.setMin(
                    LocalDate.now(ZoneOffset.UTC).minusDays(history.retention().toDays()));
            if (today || day.getValue() == null || day.getValue().isAfter(latest)) {
                day.setValue(current);
            }
        } catch (AccessDeniedException e) {
            // the page refuses it below
        } finally {
            building = was;
        }
    }

    private void load() {
        if (building || factory.getValue() == null || day.getValue() == null) {
            return;
        }
        day.setInvalid(false);
        configureGrid(selectedFactory() == null);
        List<ShiftRow> rows = List.of();
        try {
            rows = history.shifts(viewer, selectedFactory(), day.getValue());
        } catch (InvalidRequestException e) {
            day.setErrorMessage(Translations.problem(e.problems().getOrDefault("day", e.getMessage())));
            day.setInvalid(true);
        } catch (AccessDeniedException e) {
            // nothing to show
        }
        grid.setItems(rows);
        downloads.removeAll();
        String name = (selectedFactory() == null ? "fleet" : selectedFactory()) + "-" + day.getValue();
        String scope = selectedFactory();
        LocalDate when = day.getValue();
        java.time.Instant[] span = span(rows, when);
        Anchor report = new Anchor(
                csv(name + "-shifts.csv", out -> history.exportShifts(viewer, scope, when, out)),
                getTranslation("report.csv"));
        report.setId("report-csv");
        // the day's minutes (or hours, for a day older than the minutes kept), streamed as they are read
        Anchor minutes = new Anchor(
                csv(
                        name + "-data.csv",
                        out -> history.exportChart(
                                viewer,
                                scope == null ? null : List.of(scope),
                                new HistoryRange(span[0], min(span[1], java.time.Instant.now())),
                                out)),
                getTranslation("chart.csv"));
        minutes.setId("report-data-csv");
        downloads.add(report, minutes);
        if (products != null) {
            remove(products);
            products = null;
        }
        if (scope != null && !rows.isEmpty()) {
            products = new ProductsSection(history, viewer, scope, rows, name + "-products.csv");
            add(products);
        }
    }

    /**
     * The production day's span in the report's rows (the factory's shifts, or from the earliest factory's start to
     * the latest one's end); the UTC day when there are none.
     */
    private static java.time.Instant[] span(List<ShiftRow> rows, LocalDate day) {
        java.time.Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        java.time.Instant end = start.plus(Duration.ofDays(1));
        List<ShiftRow> timed = rows.stream().filter(r -> r.start() != null).toList();
        if (!timed.isEmpty()) {
            start = timed.stream()
                    .map(ShiftRow::start)
                    .min(java.util.Comparator.naturalOrder())
                    .orElseThrow();
            end = timed.stream()
                    .map(ShiftRow::end)
                    .max(java.util.Comparator.naturalOrder())
                    .orElseThrow();
        }
        return new java.time.Instant[] {start, end};
    }

    private static java.time.Instant min(java.time.Instant a, java.time.Instant b) {
        return a.isBefore(b) ? a : b;
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

    /**
     * A factory's report: one row per shift, its times in the factory's zone (named in the header). The fleet's:
     * one row per factory for its own production day, with its zone, and their sum first.
     */
    private void configureGrid(boolean fleet) {
        grid.removeAllColumns();
        if (fleet) {
            grid.addColumn(r -> r.factoryId() == null ? getTranslation("report.all-factories") : r.factoryId())
                    .setHeader(getTranslation("column.factory"));
            grid.addColumn(r ->
                            r.start() == null ? "" : span(r) + " " + r.zone().getId())
                    .setHeader(getTranslation("report.day-local"));
        } else {
            String zone = selectedFactory() == null ? "" : calendarZone();
            grid.addColumn(r -> r.name() + " " + span(r)).setHeader(getTranslation("report.shift-in", zone));
        }
        grid.addColumn(r -> r.length() == null ? "" : Format.length(r.length()))
                .setHeader(getTranslation("report.length"))
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> Format.length(r.planned()))
                .setHeader(getTranslation("report.planned"))
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> Format.count(r.totals().made()))
                .setHeader(getTranslation("report.made"))
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> Format.count(r.totals().rejected()))
                .setHeader(getTranslation("factory.rejected"))
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> oee(r.totals()))
                .setHeader(getTranslation("column.oee"))
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> Format.factors(r.totals().oee())).setHeader(getTranslation("report.factors"));
        grid.addColumn(r -> minutes(r.totals().downMinutes()) + " / "
                        + minutes(r.totals().maintenanceMinutes()) + " / "
                        + minutes(r.totals().idleMinutes()))
                .setHeader(getTranslation("report.minutes"));
        grid.addColumn(r -> Format.count(r.previous().made()) + " · " + oee(r.previous()))
                .setHeader(getTranslation(fleet ? "report.day-before" : "report.previous"));
        grid.addColumn(r -> Format.count(r.weekBefore().made()) + " · " + oee(r.weekBefore()))
                .setHeader(getTranslation("report.week-before"));
    }

    /** The selected factory's zone, for the header. */
    private String calendarZone() {
        return calendar.get(viewer, selectedFactory()).time().zone().getId();
    }

    /** "22:00–06:00" in the row's zone. */
    private static String span(ShiftRow r) {
        return HOURS.format(r.start().atZone(r.zone())) + "–"
                + HOURS.format(r.end().atZone(r.zone()));
    }

    private static String oee(Totals t) {
        return t.oee().plannedSeconds() > 0 ? Format.percent(t.oee().oee()) : "—";
    }

    private static String minutes(double m) {
        return String.valueOf(Math.round(m));
    }
}
