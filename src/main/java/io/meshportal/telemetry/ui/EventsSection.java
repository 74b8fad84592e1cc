package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.LitRenderer;
import io.meshportal.base.ui.Translations;
import io.meshportal.fleet.FactoryEvent;
import io.meshportal.fleet.FleetService;
import io.meshportal.security.Viewer;
import java.util.List;

/**
 * What happened to the factory's workload, as Kubernetes Dashboard and Headlamp list a Deployment's events:
 * newest first, warnings marked. Refreshed from the page's live updates, at most every {@link #REFRESH_MILLIS}.
 */
class EventsSection extends VerticalLayout {

    static final long REFRESH_MILLIS = 5000;

    private final FleetService fleet;
    private final Viewer viewer;
    private final String factoryId;
    private final Grid<FactoryEvent> grid = new Grid<>();
    private final Span none = new Span(Translations.t("events.none"));
    private List<FactoryEvent> shown = List.of();
    private long refreshedAt;

    EventsSection(FleetService fleet, Viewer viewer, String factoryId) {
        this.fleet = fleet;
        this.viewer = viewer;
        this.factoryId = factoryId;
        setPadding(false);
        setId("factory-events");
        grid.setId("event-grid");
        grid.addColumn(e -> Translations.dateTime(e.at()))
                .setHeader(getTranslation("events.last-seen"))
                .setAutoWidth(true);
        grid.addColumn(LitRenderer.<FactoryEvent>of(
                                "<span class='status-badge' status='${item.tone}'>${item.type}</span>")
                        .withProperty("tone", e -> e.type() == FactoryEvent.Type.WARNING ? "down" : "up")
                        .withProperty(
                                "type",
                                e -> Translations.t("events.type." + e.type().name())))
                .setHeader(getTranslation("events.type"))
                .setAutoWidth(true);
        grid.addColumn(FactoryEvent::reason)
                .setHeader(getTranslation("events.reason"))
                .setAutoWidth(true);
        grid.addColumn(FactoryEvent::object)
                .setHeader(getTranslation("events.object"))
                .setAutoWidth(true);
        grid.addColumn(FactoryEvent::message)
                .setHeader(getTranslation("events.message"))
                .setFlexGrow(1);
        grid.addColumn(FactoryEvent::count)
                .setHeader(getTranslation("events.count"))
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);
        none.addClassName("muted");
        add(new H3(getTranslation("events.title")), none, grid);
        refresh(true);
    }

    /** Called on each live update of the page; reads the fleet's events when they are due. */
    void refresh(boolean now) {
        long at = System.currentTimeMillis();
        if (!now && at - refreshedAt < REFRESH_MILLIS) {
            return;
        }
        refreshedAt = at;
        List<FactoryEvent> events =
                fleet.events(viewer, factoryId).stream().limit(50).toList();
        if (!events.equals(shown)) {
            shown = events;
            grid.setItems(events);
        }
        none.setVisible(events.isEmpty());
        grid.setVisible(!events.isEmpty());
    }
}
