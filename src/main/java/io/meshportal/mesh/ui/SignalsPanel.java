package io.meshportal.mesh.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.meshportal.base.ui.Live;
import io.meshportal.base.ui.Translations;
import io.meshportal.mesh.FactorySignals;
import io.meshportal.mesh.MeshSignalsService;
import io.meshportal.mesh.SignalsSnapshot;
import io.meshportal.mesh.TrafficEdge;
import io.meshportal.security.Viewer;
import java.util.List;
import java.util.Locale;

/**
 * Live golden signals (request rate, error share, p50/p95/p99) per factory and version, and the traffic graph,
 * updated with every reading of the mesh signals, cut to what the viewer may see.
 */
class SignalsPanel extends VerticalLayout {

    private final MeshSignalsService signals;
    private final Viewer viewer;
    private final String factoryId;
    private final Span status = new Span();
    private final Grid<FactorySignals> grid = new Grid<>();
    private final Html graph = new Html("<div></div>");

    /** @param factoryId one factory (its versions), or null for all the viewer may see */
    SignalsPanel(MeshSignalsService signals, Viewer viewer, String factoryId) {
        this.signals = signals;
        this.viewer = viewer;
        this.factoryId = factoryId;
        setPadding(false);
        setId("mesh-signals");
        status.setId("mesh-signals-status");
        grid.setId("mesh-signals-grid");
        grid.addColumn(FactorySignals::factoryId).setHeader(getTranslation("column.factory"));
        grid.addColumn(s -> s.version() == null ? Translations.t("signals.all") : s.version())
                .setHeader(getTranslation("clusters.version"));
        grid.addColumn(FactorySignals::cluster).setHeader(getTranslation("column.cluster"));
        grid.addColumn(s ->
                        String.format(Translations.locale(), "%.2f", s.signal().requestsPerSecond()))
                .setHeader(getTranslation("signals.rps"));
        grid.addColumn(s -> String.format(
                        Translations.locale(), "%.1f %%", s.signal().errorPercent()))
                .setHeader(getTranslation("signals.errors"));
        grid.addColumn(s -> millis(s.signal().p50Millis())).setHeader("p50");
        grid.addColumn(s -> millis(s.signal().p95Millis())).setHeader("p95");
        grid.addColumn(s -> millis(s.signal().p99Millis())).setHeader("p99");
        grid.setAllRowsVisible(true);
        graph.setId("mesh-graph");
        add(new H3(getTranslation("factory.link.traffic")), status, grid);
        if (factoryId == null) {
            add(graph);
        }
        show(signals.current(viewer));
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        UI ui = event.getUI();
        Live.untilDetach(this, signals.subscribe(viewer, snapshot -> ui.access(() -> show(snapshot))));
    }

    void show(SignalsSnapshot snapshot) {
        status.setText(
                switch (snapshot.state()) {
                    case READY -> getTranslation("signals.from", snapshot.source());
                    case DOWN -> getTranslation("signals.down", snapshot.source(), snapshot.message());
                    case NOT_CONFIGURED -> snapshot.message();
                });
        status.getElement().setAttribute("state", snapshot.state().name().toLowerCase(Locale.ROOT));
        List<FactorySignals> rows = snapshot.factories().stream()
                .filter(f ->
                        factoryId == null ? f.version() == null : f.factoryId().equals(factoryId))
                .toList();
        grid.setItems(rows);
        if (factoryId == null) {
            List<TrafficEdge> edges = snapshot.edges();
            graph.setHtmlContent("<div class=\"mesh-graph\">" + MeshGraph.svg(edges) + "</div>");
        }
    }

    private static String millis(Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%.0f ms", value);
    }
}
