package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.meshportal.base.ui.KpiTile;
import io.meshportal.base.ui.Live;
import io.meshportal.base.ui.LiveChart;
import io.meshportal.base.ui.Translations;
import io.meshportal.factory.FactoryState;
import io.meshportal.fleet.FleetRoutes;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.FactoryTelemetry;
import io.meshportal.telemetry.FleetTotals;
import io.meshportal.telemetry.TelemetryService;
import io.meshportal.telemetry.TelemetryUpdate;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The fleet at a glance, live: key figures, charts and the factory table, filtered by country and state. */
@Route("")
@Menu(order = 0, title = "Dashboard", icon = "DASHBOARD")
@PermitAll
class DashboardView extends VerticalLayout implements com.vaadin.flow.router.HasDynamicTitle {

    static final String ALL = "All";

    private final TelemetryService telemetry;
    private final Viewer viewer;
    private final KpiTile output = new KpiTile(Translations.t("kpi.products-out"), "kpi-output");
    private final KpiTile input = new KpiTile(Translations.t("kpi.materials-in"), "kpi-input");
    private final KpiTile oee = new KpiTile(Translations.t("dashboard.kpi.oee"), "kpi-oee");
    private final KpiTile factories = new KpiTile(Translations.t("dashboard.kpi.factories"), "kpi-factories");
    // combo boxes, not selects: their items go to the browser when opened instead of living as components
    private final ComboBox<String> country = new ComboBox<>();
    private final ComboBox<String> state = new ComboBox<>();
    private final RangePicker range = new RangePicker(TimeRange.LAST_15_MINUTES, this::loadHistory);
    private final io.meshportal.telemetry.HistoryService history;
    /**
     * The rows shown: the tick's own immutable list when nothing is filtered, so a tick costs each open dashboard
     * the rows on screen, not a copy and a count of the whole fleet (5,000 factories × 50 dashboards a second in the
     * whole-portal benchmark).
     */
    private List<FactoryTelemetry> rows = List.of();

    private final CallbackDataProvider<FactoryTelemetry, Void> rowProvider =
            new CallbackDataProvider<>(this::fetchRows, query -> rows.size(), FactoryTelemetry::id);
    private final Grid<FactoryTelemetry> grid = new Grid<>();
    private final LiveChart rateChart;
    private final LiveChart oeeChart;
    private TelemetryUpdate last;

    DashboardView(TelemetryService telemetry, io.meshportal.telemetry.HistoryService history, CurrentUser currentUser) {
        this.telemetry = telemetry;
        this.history = history;
        this.viewer = currentUser.require();
        setId("dashboard");
        setSizeFull();
        rateChart = ChartSeries.rates(range.liveWindow());
        oeeChart = ChartSeries.oee(range.liveWindow());

        country.setLabel(getTranslation("column.country"));
        state.setLabel(getTranslation("column.state"));
        country.setItemLabelGenerator(c -> ALL.equals(c) ? getTranslation("filter.all") : c);
        state.setItemLabelGenerator(s -> ALL.equals(s) ? getTranslation("filter.all") : getTranslation("state." + s));
        state.setItems(states());
        state.setValue(ALL);
        country.setItems(ALL);
        country.setValue(ALL);
        // the charts follow the filters as the table and the figures do
        country.addValueChangeListener(e -> {
            if (e.getValue() == null) {
                country.setValue(ALL); // an emptied box means no filter
                return;
            }
            refreshTable();
            loadHistory();
        });
        state.addValueChangeListener(e -> {
            if (e.getValue() == null) {
                state.setValue(ALL);
                return;
            }
            refreshTable();
            loadHistory();
        });

        com.vaadin.flow.component.button.Button create = new com.vaadin.flow.component.button.Button(
                getTranslation("fleet.create"), e -> FleetRoutes.openCreateFactory(UI.getCurrent()));
        create.setId("dashboard-create-factory");
        create.setVisible(viewer.canManageFleet());
        // the charts' data for the range shown, summed over the factories the filters leave (streamed CSV)
        var csv = ChartSeries.csvLink(
                "dashboard-chart-csv",
                "fleet-chart.csv",
                history,
                viewer,
                range,
                () -> filtered() ? visible().stream().map(FactoryTelemetry::id).toList() : null);
        HorizontalLayout header = new HorizontalLayout(
                new H2(getTranslation(viewer.seesAllFactories() ? "dashboard.fleet" : "dashboard.mine")),
                country,
                state,
                range,
                create,
                csv);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        header.setWidthFull();
        Div tiles = new Div(output, input, oee, factories);
        tiles.addClassName("kpi-row");
        Div charts = new Div(rateChart, oeeChart);
        charts.addClassName("chart-row");
        configureGrid();
        add(header, tiles, charts, grid);
        apply(telemetry.current(viewer));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.home"));
    }

    private static List<String> states() {
        List<String> values = new ArrayList<>(List.of(ALL));
        for (FactoryState s : FactoryState.values()) {
            values.add(s.name());
        }
        values.add("UNREACHABLE");
        return values;
    }

    private void configureGrid() {
        grid.setId("factory-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setDataProvider(rowProvider);
        grid.addColumn(f -> f.ref().name())
                .setHeader(getTranslation("column.factory"))
                .setSortable(true)
                .setFlexGrow(2);
        grid.addColumn(f -> f.ref().country())
                .setHeader(getTranslation("column.country"))
                .setSortable(true);
        grid.addColumn(f -> f.latest() == null
                        ? "—"
                        : Translations.t("state." + f.latest().state().name()))
                .setHeader(getTranslation("column.state"));
        // a template renderer, not a component per row: refreshed every second for every open dashboard
        grid.addColumn(LitRenderer.<FactoryTelemetry>of(
                                "<span class='status-badge' status='${item.status}' title='${item.error}'>${item.label}</span>")
                        .withProperty("status", f -> f.health().status().name().toLowerCase(java.util.Locale.ROOT))
                        .withProperty(
                                "label",
                                f -> Translations.t(
                                        "status." + f.health().status().name()))
                        .withProperty(
                                "error",
                                f -> f.health().lastError() == null
                                        ? ""
                                        : f.health().lastError()))
                .setHeader(getTranslation("column.telemetry"));
        grid.addColumn(f -> Format.age(f.health(), last == null ? Instant.now() : last.at()))
                .setHeader(getTranslation("column.last-sample"));
        grid.addColumn(f -> f.latest() == null ? "—" : Format.rate(f.latest().outputRate()))
                .setHeader(getTranslation("column.out-per-minute"))
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(f -> f.latest() == null
                        ? "—"
                        : Format.percent(f.latest().oee().oee()))
                .setHeader(getTranslation("column.oee"))
                .setTextAlign(ColumnTextAlign.END);
        grid.addItemClickListener(
                e -> UI.getCurrent().navigate(FactoryView.class, e.getItem().id()));
        grid.setAllRowsVisible(false);
        grid.setMinHeight("240px");
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        loadHistory();
        UI ui = event.getUI();
        Live.untilDetach(
                this,
                telemetry.subscribe(
                        viewer,
                        update -> ui.access(() -> {
                            apply(update);
                            if (range.live()) {
                                FleetTotals t = filtered() ? FleetTotals.of(visible()) : update.totals();
                                ChartSeries.append(
                                        rateChart,
                                        oeeChart,
                                        update.at().toEpochMilli(),
                                        t.outputRatePerMinute(),
                                        t.inputRatePerMinute(),
                                        t.oee().oee() * 100);
                            }
                        })));
    }

    private void loadHistory() {
        java.util.List<String> ids =
                filtered() ? visible().stream().map(FactoryTelemetry::id).toList() : null;
        if (range.live()) {
            rateChart.setWindow(range.liveWindow());
            oeeChart.setWindow(range.liveWindow());
            if (ids == null) {
                ChartSeries.fillLive(
                        rateChart,
                        oeeChart,
                        telemetry.fleetHistory(viewer, range.liveWindow()),
                        range.liveWindow(),
                        past -> history.chart(
                                viewer, null, past, (int) range.liveWindow().toMinutes()));
            } else {
                // rates summed from the matching factories' samples; OEE from their minute rollups (sums)
                ChartSeries.fill(rateChart, oeeChart, telemetry.fleetHistory(viewer, range.liveWindow(), ids));
                java.time.Instant now = java.time.Instant.now();
                try {
                    ChartSeries.fillOee(
                            oeeChart,
                            history.chart(
                                    viewer,
                                    ids,
                                    new io.meshportal.telemetry.HistoryRange(now.minus(range.liveWindow()), now),
                                    (int) range.liveWindow().toMinutes()));
                } catch (io.meshportal.base.InvalidRequestException ignored) {
                    // nothing recorded yet for so short a window: the live points fill it
                }
            }
        } else {
            ChartSeries.load(
                    rateChart, oeeChart, range, () -> history.chart(viewer, ids, range.range(), TimeRange.BUCKETS));
        }
    }

    /** Whether a filter narrows the fleet (then charts and figures are summed over the matching factories). */
    private boolean filtered() {
        return !ALL.equals(country.getValue()) || !ALL.equals(state.getValue());
    }

    private List<FactoryTelemetry> visible() {
        return last == null
                ? List.of()
                : last.factories().stream().filter(this::matchesFilters).toList();
    }

    private void apply(TelemetryUpdate update) {
        last = update;
        List<String> countryItems = new ArrayList<>(update.countries().size() + 1);
        countryItems.add(ALL);
        countryItems.addAll(update.countries());
        if (!countryItems.equals(country.getListDataView().getItems().toList())) {
            String selected = country.getValue();
            country.setItems(countryItems);
            country.setValue(countryItems.contains(selected) ? selected : ALL);
        }
        refreshTable();
    }

    private void refreshTable() {
        if (last == null) {
            return;
        }
        List<FactoryTelemetry> visible = filtered()
                ? last.factories().stream().filter(this::matchesFilters).toList()
                : last.factories();
        rows = visible;
        rowProvider.refreshAll();
        FleetTotals t = visible.size() == last.factories().size() ? last.totals() : FleetTotals.of(visible);
        output.set(
                getTranslation("unit.per-minute", Format.rate(t.outputRatePerMinute())),
                getTranslation("kpi.made-today", Format.count(t.outputTotal()), Format.count(t.rejectedTotal())));
        input.set(
                getTranslation("unit.per-minute", Format.rate(t.inputRatePerMinute())),
                t.inputTotals().entrySet().stream()
                        .map(e -> e.getKey() + " " + Format.count(e.getValue()))
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("—"));
        oee.set(Format.percent(t.oee().oee()), Format.factors(t.oee()));
        factories.set(
                t.up() + t.degraded() + " / " + t.factories(),
                getTranslation("dashboard.kpi.factories.detail", t.down(), t.degraded()));
        factories.setTone(t.down() > 0 ? "bad" : t.degraded() > 0 ? "warn" : "good");
    }

    /** The grid's page of rows, sorted as its header asks (the columns' own comparators). */
    private java.util.stream.Stream<FactoryTelemetry> fetchRows(Query<FactoryTelemetry, Void> query) {
        List<FactoryTelemetry> all = rows;
        java.util.Comparator<FactoryTelemetry> sorting = query.getInMemorySorting();
        if (sorting != null) {
            all = all.stream().sorted(sorting).toList();
        }
        int from = Math.min(query.getOffset(), all.size());
        int to = (int) Math.min((long) from + query.getLimit(), all.size());
        return all.subList(from, to).stream();
    }

    private boolean matchesFilters(FactoryTelemetry f) {
        String c = country.getValue();
        String s = state.getValue();
        if (c != null && !ALL.equals(c) && !c.equals(f.ref().country())) {
            return false;
        }
        if (s == null || ALL.equals(s)) {
            return true;
        }
        if ("UNREACHABLE".equals(s)) {
            return f.health().status() == io.meshportal.telemetry.FactoryStatus.DOWN;
        }
        return f.latest() != null && Objects.equals(f.latest().state().name(), s);
    }
}
