package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.data.renderer.LitRenderer;
import io.meshportal.base.ui.Translations;
import io.meshportal.telemetry.FactoryTelemetry;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The dashboard's factory table: name, country, state, telemetry status, age of the last sample, output and OEE,
 * sortable, a click opening the factory. Redrawn every tick for every open dashboard, so it is cheap per tick.
 */
class DashboardGrid extends Grid<FactoryTelemetry> {

    /**
     * The rows shown: the tick's own immutable list when nothing is filtered, so a tick costs each open dashboard
     * the rows on screen, not a copy and a count of the whole fleet (5,000 factories × 50 dashboards a second in the
     * whole-portal benchmark).
     */
    private List<FactoryTelemetry> rows = List.of();

    /** When the rows were read (their samples' age is counted from it); null before the first tick. */
    private Instant at;

    private final CallbackDataProvider<FactoryTelemetry, Void> rowProvider =
            new CallbackDataProvider<>(this::fetchRows, query -> rows.size(), FactoryTelemetry::id);

    DashboardGrid() {
        setId("factory-grid");
        addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        setDataProvider(rowProvider);
        addColumn(f -> f.ref().name())
                .setHeader(getTranslation("column.factory"))
                .setSortable(true)
                .setFlexGrow(2);
        addColumn(f -> f.ref().country())
                .setHeader(getTranslation("column.country"))
                .setSortable(true);
        addColumn(f -> f.latest() == null
                        ? "—"
                        : Translations.t("state." + f.latest().state().name()))
                .setHeader(getTranslation("column.state"));
        // a template renderer, not a component per row: refreshed every second for every open dashboard
        addColumn(LitRenderer.<FactoryTelemetry>of(
                                "<span class='status-badge' status='${item.status}' title='${item.error}'>${item.label}</span>")
                        .withProperty("status", f -> f.health().status().name().toLowerCase(Locale.ROOT))
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
        addColumn(f -> Format.age(f.health(), at == null ? Instant.now() : at))
                .setHeader(getTranslation("column.last-sample"));
        addColumn(f -> f.latest() == null ? "—" : Format.rate(f.latest().outputRate()))
                .setHeader(getTranslation("column.out-per-minute"))
                .setTextAlign(ColumnTextAlign.END);
        addColumn(f -> f.latest() == null
                        ? "—"
                        : Format.percent(f.latest().oee().oee()))
                .setHeader(getTranslation("column.oee"))
                .setTextAlign(ColumnTextAlign.END);
        addItemClickListener(
                e -> UI.getCurrent().navigate(FactoryView.class, e.getItem().id()));
        setAllRowsVisible(false);
        setMinHeight("240px");
    }

    /** Shows {@code rows} (kept as given, not copied), read at {@code at}. */
    void show(List<FactoryTelemetry> rows, Instant at) {
        this.rows = rows;
        this.at = at;
        rowProvider.refreshAll();
    }

    /** The grid's page of rows, sorted as its header asks (the columns' own comparators). */
    private Stream<FactoryTelemetry> fetchRows(Query<FactoryTelemetry, Void> query) {
        List<FactoryTelemetry> all = rows;
        Comparator<FactoryTelemetry> sorting = query.getInMemorySorting();
        if (sorting != null) {
            all = all.stream().sorted(sorting).toList();
        }
        int from = Math.min(query.getOffset(), all.size());
        int to = (int) Math.min((long) from + query.getLimit(), all.size());
        return all.subList(from, to).stream();
    }
}
