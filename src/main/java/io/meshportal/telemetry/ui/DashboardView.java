package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.meshportal.base.ui.Live;
import io.meshportal.base.ui.LiveChart;
import io.meshportal.factory.FactoryState;
import io.meshportal.fleet.FleetRoutes;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.FactoryTelemetry;
import io.meshportal.telemetry.FleetTotals;
import io.meshportal.telemetry.TelemetryService;
import io.meshportal.telemetry.TelemetryUpdate;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fleet at a glance, live: key figures, charts and the factory table, filtered by country and state. This class
 * holds the filters and the charts and feeds each tick to the {@link FleetFigures} and the {@link DashboardGrid}.
 */
@Route("")
@Menu(order = 0, title = "Dashboard", icon = "DASHBOARD")
@PermitAll
class DashboardView extends VerticalLayout implements com.vaadin.flow.router.HasDynamicTitle {

    static final String ALL = "All";

    private final TelemetryService telemetry;
    private final Viewer viewer;
    private final FleetFigures figures = new FleetFigures();
    // combo boxes, not selects: their items go to the browser when opened instead of living as components
    private final ComboBox<String> country = new ComboBox<>();
    private final ComboBox<String> state = new ComboBox<>();
    private final RangePicker range = new RangePicker(TimeRange.LAST_15_MINUTES, this::loadHistory);
    private final io.meshportal.telemetry.HistoryService history;
    private final DashboardGrid grid = new DashboardGrid();
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
        Div charts = new Div(rateChart, oeeChart);
        charts.addClassName("chart-row");
        add(header, figures, charts, grid);
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
        grid.show(visible, last.at());
        figures.show(visible.size() == last.factories().size() ? last.totals() : FleetTotals.of(visible));
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
