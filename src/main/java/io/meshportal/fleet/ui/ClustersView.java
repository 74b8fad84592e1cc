package io.meshportal.fleet.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NodeInfo;
import io.meshportal.fleet.Workload;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Locale;

/** Clusters → nodes (CPU, memory) → factory workloads, like a cluster overview in Headlamp. */
@Route("clusters")
@PageTitle("Clusters · MeshPortal")
@Menu(order = 3, title = "Clusters", icon = "CLUSTER")
@RolesAllowed({Role.ADMIN_NAME, Role.OFFICE_MANAGER_NAME})
class ClustersView extends VerticalLayout {

    ClustersView(FleetService fleet, CurrentUser currentUser) {
        setId("clusters-view");
        Viewer viewer = currentUser.require();
        add(new H2("Clusters"));
        List<Workload> workloads = fleet.workloads(viewer);
        for (ClusterInfo cluster : fleet.clusters(viewer)) {
            Span state =
                    new Span(cluster.status().name() + (cluster.message() == null ? "" : ": " + cluster.message()));
            state.addClassName("status-badge");
            state.getElement().setAttribute("status", cluster.status() == ClusterInfo.Status.REACHABLE ? "up" : "down");
            add(new H3("Cluster " + cluster.name()), state);
            Grid<NodeInfo> nodes = new Grid<>();
            nodes.addColumn(NodeInfo::name).setHeader("Node");
            nodes.addColumn(n -> n.ready() ? "Ready" : "NotReady").setHeader("Status");
            nodes.addColumn(n -> n.cpuUsedCores() == null
                            ? "— of " + n.cpuCores() + " cores"
                            : String.format(Locale.ROOT, "%.2f of %d cores", n.cpuUsedCores(), n.cpuCores()))
                    .setHeader("CPU");
            nodes.addColumn(n -> (n.memoryUsedBytes() == null ? "—" : gib(n.memoryUsedBytes())) + " of "
                            + gib(n.memoryBytes()))
                    .setHeader("Memory");
            nodes.setItems(cluster.nodes());
            nodes.setAllRowsVisible(true);
            nodes.setId("nodes-" + cluster.name());
            Grid<Workload> factories = new Grid<>();
            factories.addColumn(Workload::name).setHeader("Factory workload");
            factories
                    .addColumn(w -> w.readyReplicas() + " / " + w.desiredReplicas())
                    .setHeader("Ready");
            factories
                    .addColumn(
                            w -> w.cpuCores() == null ? "—" : String.format(Locale.ROOT, "%.1f m", w.cpuCores() * 1000))
                    .setHeader("CPU");
            factories
                    .addColumn(w -> w.memoryBytes() == null ? "—" : (w.memoryBytes() >> 20) + " MiB")
                    .setHeader("Memory");
            factories.setItems(workloads.stream()
                    .filter(w -> w.cluster().equals(cluster.name()))
                    .toList());
            factories.setAllRowsVisible(true);
            add(nodes, factories);
        }
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
