package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.Route;
import io.meshportal.base.ui.KpiTile;
import io.meshportal.base.ui.Live;
import io.meshportal.base.ui.LiveChart;
import io.meshportal.base.ui.Translations;
import io.meshportal.factory.FactoryState;
import io.meshportal.factory.Oee;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.FactoryTelemetry;
import io.meshportal.telemetry.TelemetryService;
import io.meshportal.telemetry.TelemetryUpdate;
import jakarta.annotation.security.PermitAll;

/**
 * One factory live: its charts, inputs and outputs, OEE breakdown and state timeline; its shifts and time zone
 * ({@link ShiftsSection}) and its workload's events ({@link EventsSection}). This class routes, keeps the page live
 * and fills its figures; the {@link OeeBreakdown} and the {@link StateTimeline} draw themselves.
 */
@Route("factories")
@PermitAll
class FactoryView extends VerticalLayout implements HasUrlParameter<String>, HasDynamicTitle {

    private final TelemetryService telemetry;
    private final Viewer viewer;
    private String factoryId;
    private String title;
    private final H2 heading = new H2();
    private final Span subtitle = new Span();
    private final Div badge = new Div();
    private final KpiTile output = new KpiTile(Translations.t("kpi.products-out"), "factory-output");
    private final KpiTile input = new KpiTile(Translations.t("kpi.materials-in"), "factory-input");
    private final KpiTile oee = new KpiTile(Translations.t("factory.kpi.oee"), "factory-oee");
    private final KpiTile state = new KpiTile(Translations.t("column.state"), "factory-state");
    private final OeeBreakdown breakdown = new OeeBreakdown();
    private final Grid<TelemetrySnapshot.Input> inputs = new Grid<>();
    private final Grid<TelemetrySnapshot.Output> outputs = new Grid<>();
    private final StateTimeline timeline = new StateTimeline();
    /** Output and rejects per product over the chosen range (from the history, not live). */
    private ProductsChart productsChart;

    private final RangePicker range = new RangePicker(TimeRange.LAST_15_MINUTES, this::loadHistory);
    private final io.meshportal.telemetry.HistoryService history;
    private LiveChart rateChart;
    private LiveChart oeeChart;
    private long lastTimelineRefresh;

    private final java.util.List<io.meshportal.telemetry.FactoryPanel> panels;

    private final io.meshportal.fleet.FleetService fleet;
    private final io.meshportal.calendar.CalendarService calendar;
    private EventsSection events;

    FactoryView(
            TelemetryService telemetry,
            io.meshportal.telemetry.HistoryService history,
            CurrentUser currentUser,
            java.util.List<io.meshportal.telemetry.FactoryPanel> panels,
            io.meshportal.fleet.FleetService fleet,
            io.meshportal.calendar.CalendarService calendar) {
        this.panels = panels;
        this.fleet = fleet;
        this.calendar = calendar;
        this.telemetry = telemetry;
        this.history = history;
        this.viewer = currentUser.require();
        setId("factory-view");
    }

    @Override
    public void setParameter(BeforeEvent event, String id) {
        try {
            FactoryTelemetry current = telemetry.factory(viewer, id).orElseThrow(NotFoundException::new);
            factoryId = id;
            build(current);
        } catch (AccessDeniedException | NotFoundException e) {
            // Same answer for "not yours" and "does not exist": nothing to learn by guessing ids.
            event.rerouteToError(NotFoundException.class, "No factory " + id);
        }
    }

    /** What other features show on a factory's page (its versions, for one). */
    private Div panels(String id) {
        Div sections = new Div();
        sections.setId("factory-panels");
        panels.forEach(p -> p.create(viewer, id).ifPresent(sections::add));
        return sections;
    }

    @Override
    public String getPageTitle() {
        return title == null ? getTranslation("title.page", getTranslation("column.factory")) : title;
    }

    private void build(FactoryTelemetry current) {
        removeAll();
        title = getTranslation("title.page", current.ref().name());
        heading.setText(current.ref().name());
        subtitle.setText(getTranslation(
                "factory.subtitle", current.ref().country(), current.ref().cluster(), current.id()));
        rateChart = ChartSeries.rates(range.liveWindow());
        oeeChart = ChartSeries.oee(range.liveWindow());
        productsChart = new ProductsChart(
                current.latest() == null
                        ? java.util.List.of()
                        : current.latest().outputs().stream()
                                .map(TelemetrySnapshot.Output::product)
                                .toList(),
                range.liveWindow());
        HorizontalLayout header = new HorizontalLayout(heading, badge, range);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        Div tiles = new Div(output, input, oee, state);
        tiles.addClassName("kpi-row");
        Div charts = new Div(rateChart, oeeChart);
        charts.addClassName("chart-row");
        inputs.addColumn(TelemetrySnapshot.Input::material).setHeader(getTranslation("factory.material"));
        inputs.addColumn(i -> Format.rate(i.ratePerMinute()) + " " + i.unit() + "/min")
                .setHeader(getTranslation("factory.rate"));
        inputs.addColumn(i -> Format.count(i.total()) + " " + i.unit()).setHeader(getTranslation("factory.used-today"));
        inputs.addColumn(i -> Format.count(i.stock()) + " " + i.unit()).setHeader(getTranslation("factory.stock"));
        inputs.setAllRowsVisible(true);
        outputs.addColumn(TelemetrySnapshot.Output::product).setHeader(getTranslation("factory.product"));
        outputs.addColumn(o -> Translations.t("unit.per-minute", Format.rate(o.ratePerMinute())))
                .setHeader(getTranslation("factory.rate"));
        outputs.addColumn(o -> Format.count(o.total())).setHeader(getTranslation("factory.made-today"));
        outputs.addColumn(o -> Format.count(o.rejected())).setHeader(getTranslation("factory.rejected"));
        outputs.setAllRowsVisible(true);
        // the factory's versions side by side and its traffic live on pages of their own (rollout, mesh, manifests
        // modules)
        com.vaadin.flow.component.html.Anchor versions = new com.vaadin.flow.component.html.Anchor(
                "rollouts/" + current.id(), getTranslation("factory.link.versions"));
        versions.setId("factory-versions");
        com.vaadin.flow.component.html.Anchor traffic = new com.vaadin.flow.component.html.Anchor(
                "mesh/" + current.id(), getTranslation("factory.link.traffic"));
        traffic.setId("factory-traffic");
        com.vaadin.flow.component.html.Anchor report =
                new com.vaadin.flow.component.html.Anchor("reports/" + current.id(), getTranslation("menu.reports"));
        report.setId("factory-report");
        com.vaadin.flow.component.html.Anchor yaml = new com.vaadin.flow.component.html.Anchor(
                "manifests/" + current.id(), getTranslation("factory.link.yaml"));
        yaml.setId("factory-yaml");
        com.vaadin.flow.component.html.Anchor logs =
                new com.vaadin.flow.component.html.Anchor("logs/" + current.id(), getTranslation("factory.link.logs"));
        logs.setId("factory-logs");
        String id = current.id();
        var csv = ChartSeries.csvLink(
                "factory-chart-csv", id + "-chart.csv", history, viewer, range, () -> java.util.List.of(id));
        HorizontalLayout links = new HorizontalLayout(versions, traffic, report, logs, yaml, csv);
        add(
                header,
                subtitle,
                links,
                panels(current.id()),
                tiles,
                charts,
                new H3(getTranslation("factory.timeline")),
                timeline,
                breakdown,
                new H3(getTranslation("kpi.materials-in")),
                inputs,
                new H3(getTranslation("kpi.products-out")),
                outputs,
                productsChart.chart(),
                new ShiftsSection(calendar, viewer, current.id()));
        events = new EventsSection(fleet, viewer, current.id());
        add(events);
        apply(
                current,
                current.health().lastGoodAt() == null
                        ? java.time.Instant.now()
                        : current.health().lastGoodAt());
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        if (factoryId == null) {
            return;
        }
        loadHistory();
        UI ui = event.getUI();
        Live.untilDetach(this, telemetry.subscribe(viewer, update -> ui.access(() -> onUpdate(update))));
    }

    private void onUpdate(TelemetryUpdate update) {
        update.factories().stream()
                .filter(f -> f.id().equals(factoryId))
                .findFirst()
                .ifPresent(f -> {
                    apply(f, update.at());
                    if (events != null) {
                        events.refresh(false);
                    }
                    TelemetrySnapshot s = f.latest();
                    if (s != null && f.health().lastGoodAt() != null && range.live()) {
                        ChartSeries.append(
                                rateChart,
                                oeeChart,
                                s.timestamp().toEpochMilli(),
                                s.outputRate(),
                                s.inputRate(),
                                s.oee().oee() * 100);
                    }
                });
        if (System.currentTimeMillis() - lastTimelineRefresh > 10_000) {
            refreshTimeline();
        }
    }

    private void apply(FactoryTelemetry f, java.time.Instant now) {
        badge.removeAll();
        Span status = Format.statusBadge(f.health());
        status.setId("factory-status");
        Span age = new Span(" " + getTranslation("factory.last-sample", Format.age(f.health(), now)));
        age.setId("factory-age");
        badge.add(status, age);
        TelemetrySnapshot s = f.latest();
        if (s == null) {
            return;
        }
        output.set(
                getTranslation("unit.per-minute", Format.rate(s.outputRate())),
                getTranslation("factory.today", Format.count(s.outputTotal())));
        input.set(
                getTranslation("unit.per-minute", Format.rate(s.inputRate())),
                s.inputs().stream()
                        .map(i -> i.material())
                        .reduce((a, b) -> a + ", " + b)
                        .orElse(""));
        Oee o = s.oee();
        oee.set(
                Format.percent(o.oee()),
                getTranslation("factory.good-of", Format.count(o.goodCount()), Format.count(o.totalCount())));
        state.set(
                getTranslation("state." + s.state().name()),
                getTranslation(
                        "factory.run-of-planned",
                        Math.round(o.runSeconds() / 60),
                        Math.round(o.plannedSeconds() / 60)));
        state.setTone(s.state() == FactoryState.RUNNING ? "good" : s.state() == FactoryState.DOWN ? "bad" : "neutral");
        breakdown.show(o);
        inputs.setItems(s.inputs());
        outputs.setItems(s.outputs());
    }

    private void loadHistory() {
        if (range.live()) {
            rateChart.setWindow(range.liveWindow());
            oeeChart.setWindow(range.liveWindow());
            ChartSeries.fillLive(
                    rateChart,
                    oeeChart,
                    telemetry.history(viewer, factoryId, range.liveWindow()),
                    range.liveWindow(),
                    past -> history.chart(viewer, java.util.List.of(factoryId), past, (int)
                            range.liveWindow().toMinutes()));
        } else {
            ChartSeries.load(
                    rateChart,
                    oeeChart,
                    range,
                    () -> history.chart(viewer, java.util.List.of(factoryId), range.range(), TimeRange.BUCKETS));
        }
        refreshTimeline();
        if (productsChart != null) {
            productsChart.load(
                    range.live() ? range.liveWindow() : range.range().span(),
                    () -> history.productChart(
                            viewer,
                            java.util.List.of(factoryId),
                            range.live()
                                    ? new io.meshportal.telemetry.HistoryRange(
                                            java.time.Instant.now().minus(range.liveWindow()), java.time.Instant.now())
                                    : range.range(),
                            TimeRange.BUCKETS));
        }
    }

    /** Runs of equal state over the selected range, as proportional coloured segments. */
    private void refreshTimeline() {
        lastTimelineRefresh = System.currentTimeMillis();
        // the state timeline is drawn from the live samples: the selected range up to the last hour
        timeline.show(telemetry.history(viewer, factoryId, range.liveWindow()));
    }
}
