package io.meshportal.fleet.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.meshportal.base.ui.Live;
import io.meshportal.base.ui.Translations;
import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NodeInfo;
import io.meshportal.fleet.Workload;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Clusters → nodes (CPU, memory, conditions) → factory pods (phase, ready, restarts, node, age, CPU, memory), as a
 * cluster overview in Headlamp or the Kubernetes Dashboard shows them. Refreshed whenever the fleet changes
 * (informer events, new metrics), not built once.
 */
@Route("clusters")
@Menu(order = 3, title = "Clusters", icon = "CLUSTER")
@RolesAllowed({Role.ADMIN_NAME, Role.OFFICE_MANAGER_NAME})
class ClustersView extends VerticalLayout implements com.vaadin.flow.router.HasDynamicTitle {

    /** One pod of a factory, for the pods grid. */
    record PodRow(String factory, Workload.Replica pod) {}

    private final FleetService fleet;
    private final Viewer viewer;
    private final Clock clock;
    private final Div clusters = new Div();

    ClustersView(FleetService fleet, CurrentUser currentUser, Clock clock) {
        this.fleet = fleet;
        this.viewer = currentUser.require();
        this.clock = clock;
        setId("clusters-view");
        clusters.setWidthFull();
        add(new H2(getTranslation("menu.clusters")), clusters);
        refresh();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        UI ui = event.getUI();
        Live.untilDetach(this, fleet.subscribe(viewer, () -> ui.access(this::refresh)));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.clusters"));
    }

    void refresh() {
        clusters.removeAll();
        List<Workload> workloads = fleet.workloads(viewer);
        for (ClusterInfo cluster : fleet.clusters(viewer)) {
            Span state = new Span(
                    getTranslation("clusters.status." + cluster.status().name())
                            + (cluster.message() == null ? "" : ": " + cluster.message()));
            state.addClassName("status-badge");
            state.getElement().setAttribute("status", cluster.status() == ClusterInfo.Status.REACHABLE ? "up" : "down");
            state.setId("cluster-status-" + cluster.name());
            clusters.add(new H3(getTranslation("clusters.cluster", cluster.name())), state);
            if (!cluster.warnings().isEmpty()) {
                UnorderedList warnings = new UnorderedList();
                warnings.setId("cluster-warnings-" + cluster.name());
                cluster.warnings().forEach(w -> warnings.add(new ListItem(w)));
                clusters.add(warnings);
            }
            clusters.add(nodes(cluster), pods(cluster, workloads));
        }
    }

    private Grid<NodeInfo> nodes(ClusterInfo cluster) {
        Grid<NodeInfo> nodes = new Grid<>();
        nodes.addColumn(NodeInfo::name).setHeader(getTranslation("clusters.node"));
        nodes.addColumn(n ->
                        n.conditions().isEmpty() ? Translations.t("column.ready") : String.join(", ", n.conditions()))
                .setHeader(getTranslation("clusters.conditions"));
        nodes.addColumn(n -> n.cpuUsedCores() == null
                        ? Translations.t("clusters.cores.unknown", n.cpuCores())
                        : Translations.t(
                                "clusters.cores",
                                String.format(Translations.locale(), "%.2f", n.cpuUsedCores()),
                                n.cpuCores()))
                .setHeader(getTranslation("column.cpu"));
        nodes.addColumn(n -> Translations.t(
                        "clusters.of",
                        n.memoryUsedBytes() == null ? "—" : gib(n.memoryUsedBytes()),
                        gib(n.memoryBytes())))
                .setHeader(getTranslation("column.memory"));
        nodes.setItems(cluster.nodes());
        nodes.setAllRowsVisible(true);
        nodes.setId("nodes-" + cluster.name());
        return nodes;
    }

    private Grid<PodRow> pods(ClusterInfo cluster, List<Workload> workloads) {
        List<PodRow> rows = new ArrayList<>();
        for (Workload w : workloads) {
            if (w.cluster().equals(cluster.name())) {
                w.replicas().forEach(r -> rows.add(new PodRow(w.name(), r)));
            }
        }
        Instant now = clock.instant();
        Grid<PodRow> pods = new Grid<>();
        pods.addColumn(PodRow::factory).setHeader(getTranslation("column.factory"));
        pods.addColumn(r -> r.pod().name()).setHeader(getTranslation("clusters.pod"));
        pods.addColumn(r -> r.pod().version() == null ? "—" : r.pod().version())
                .setHeader(getTranslation("clusters.version"));
        pods.addColumn(r -> r.pod().phase()).setHeader(getTranslation("clusters.phase"));
        pods.addColumn(r -> Translations.t(r.pod().ready() ? "answer.yes" : "answer.no"))
                .setHeader(getTranslation("column.ready"));
        pods.addColumn(r -> r.pod().restarts()).setHeader(getTranslation("clusters.restarts"));
        pods.addColumn(r -> r.pod().node() == null ? "—" : r.pod().node()).setHeader(getTranslation("clusters.node"));
        pods.addColumn(r -> age(r.pod().startedAt(), now)).setHeader(getTranslation("clusters.age"));
        pods.addColumn(r -> cpu(r.pod().cpuCores())).setHeader(getTranslation("column.cpu"));
        pods.addColumn(r -> memory(r.pod().memoryBytes())).setHeader(getTranslation("column.memory"));
        pods.setItems(rows);
        pods.setAllRowsVisible(true);
        pods.setId("pods-" + cluster.name());
        return pods;
    }

    /** "—" where metrics-server has no sample (yet): absent, never shown as 0. */
    static String cpu(Double cores) {
        return cores == null ? "—" : String.format(Locale.ROOT, "%.1f m", cores * 1000);
    }

    static String memory(Long bytes) {
        return bytes == null ? "—" : (bytes >> 20) + " MiB";
    }

    /** As kubectl shows it: 45s, 12m, 3h, 5d. */
    static String age(Instant started, Instant now) {
        if (started == null) {
            return "—";
        }
        Duration age = Duration.between(started, now);
        if (age.toSeconds() < 120) {
            return Math.max(0, age.toSeconds()) + "s";
        }
        if (age.toMinutes() < 120) {
            return age.toMinutes() + "m";
        }
        return age.toHours() < 48 ? age.toHours() + "h" : age.toDays() + "d";
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
