package io.meshportal.mesh.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.Route;
import io.meshportal.base.ui.Translations;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.MeshConfigStatus;
import io.meshportal.mesh.MeshOverviewRow;
import io.meshportal.mesh.MeshPolicy;
import io.meshportal.mesh.MeshRequestException;
import io.meshportal.mesh.MeshService;
import io.meshportal.mesh.MeshState;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Traffic policy: {@code /mesh} is the overview (mTLS, policies, clusters in the mesh); {@code /mesh/<factory>}
 * views and edits one factory's policy (office roles edit, a factory's manager views). This class routes, reads off
 * the UI thread and lays the page out; the policy's form is {@link MeshPolicyForm}, the live signals
 * {@link SignalsPanel}.
 */
@Route("mesh")
@Menu(order = 5, title = "Service mesh", icon = "CONNECT")
@PermitAll
class MeshView extends VerticalLayout implements HasUrlParameter<String>, com.vaadin.flow.router.HasDynamicTitle {

    /**
     * Reads from the mesh's config cluster (and {@link MeshPolicyForm}'s writes) run here, never on the UI thread: a
     * hung cluster must not freeze a session.
     */
    static final ExecutorService READS = Executors.newVirtualThreadPerTaskExecutor();
    /** Longer than one request's timeout, shorter than a user's patience; a late answer is dropped. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(8);

    private final MeshService mesh;
    private final FleetService fleet;
    private final io.meshportal.mesh.MeshSignalsService signals;
    private final Viewer viewer;

    MeshView(
            MeshService mesh,
            FleetService fleet,
            io.meshportal.mesh.MeshSignalsService signals,
            CurrentUser currentUser) {
        this.mesh = mesh;
        this.fleet = fleet;
        this.signals = signals;
        this.viewer = currentUser.require();
        setId("mesh-view");
    }

    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter String factoryId) {
        removeAll();
        if (factoryId == null) {
            overview();
        } else if (!viewer.canSee(factoryId) || !fleet.exists(factoryId)) {
            // the same answer for "not yours" and "no such factory" (MeshService checks again when it reads)
            event.rerouteToError(NotFoundException.class, "No factory " + factoryId);
        } else {
            factory(factoryId);
        }
    }

    /** Runs {@code read} off the UI thread and hands its answer to {@code show} in the UI, or says why not. */
    private <T> void load(Supplier<T> read, Consumer<T> show) {
        Span loading = new Span(getTranslation("mesh.loading"));
        loading.setId("mesh-loading");
        add(loading);
        UI ui = UI.getCurrent();
        CompletableFuture.supplyAsync(read, READS)
                .orTimeout(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((answer, error) -> ui.access(() -> {
                    remove(loading);
                    if (error == null) {
                        show.accept(answer);
                    } else {
                        showProblem(error);
                    }
                }));
    }

    private void showProblem(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        String text = cause instanceof java.util.concurrent.TimeoutException
                ? getTranslation("mesh.timeout", ANSWER_WITHIN.toSeconds())
                : cause instanceof AccessDeniedException || cause instanceof MeshRequestException
                        ? getTranslation("mesh.no-factory")
                        : getTranslation("mesh.unreadable", cause.getMessage());
        Paragraph problem = new Paragraph(text);
        problem.setId("mesh-problem");
        problem.addClassName("error-text");
        add(problem);
    }

    /** Where the mesh configuration lives and, when it cannot be used, why. */
    private void configClusterStatus() {
        mesh.configCluster(viewer).ifPresent(status -> {
            Span line = new Span(
                    status.state() == MeshConfigStatus.State.READY
                            ? getTranslation("mesh.config.ready", status.cluster())
                            : getTranslation("mesh.config.problem", status.cluster(), status.message()));
            line.setId("mesh-config-cluster");
            line.addClassName("status-badge");
            line.getElement().setAttribute("status", status.state() == MeshConfigStatus.State.READY ? "up" : "down");
            add(line);
        });
    }

    private void overview() {
        add(new H2(getTranslation("menu.mesh")));
        add(new SignalsPanel(signals, viewer, null));
        if (!mesh.supported()) {
            explainEmbedded();
            return;
        }
        Grid<MeshOverviewRow> grid = new Grid<>();
        grid.setId("mesh-overview");
        grid.addColumn(MeshOverviewRow::name).setHeader(getTranslation("column.factory"));
        grid.addColumn(MeshOverviewRow::cluster).setHeader(getTranslation("column.cluster"));
        grid.addColumn(r -> Translations.t(r.clusterInMesh() ? "answer.yes" : "mesh.no-istio"))
                .setHeader(getTranslation("mesh.in-mesh"));
        grid.addColumn(r -> r.mtls() == null ? "—" : r.mtls().name()).setHeader(getTranslation("mesh.mtls"));
        grid.addColumn(r -> Translations.t(r.hasPolicy() ? "answer.yes" : "answer.no"))
                .setHeader(getTranslation("mesh.policy"));
        grid.addColumn(r -> r.error() == null ? "" : r.error()).setHeader(getTranslation("mesh.problem"));
        grid.addItemClickListener(e ->
                getUI().ifPresent(ui -> ui.navigate(MeshView.class, e.getItem().factoryId())));
        configClusterStatus();
        add(grid);
        load(() -> mesh.overview(viewer), grid::setItems);
    }

    private void explainEmbedded() {
        add(new Paragraph(getTranslation("mesh.embedded")));
        Grid<Map.Entry<String, String>> settings = new Grid<>();
        settings.setId("client-resilience");
        settings.addColumn(Map.Entry::getKey).setHeader(getTranslation("mesh.client-side"));
        settings.addColumn(Map.Entry::getValue).setHeader(getTranslation("mesh.setting"));
        settings.setItems(List.copyOf(mesh.clientResilience().entrySet()));
        settings.setAllRowsVisible(true);
        add(settings);
    }

    private void factory(String factoryId) {
        add(new H2(getTranslation("mesh.policy.of", factoryId)));
        add(new SignalsPanel(signals, viewer, factoryId));
        if (!mesh.supported()) {
            explainEmbedded();
            return;
        }
        configClusterStatus();
        load(() -> mesh.state(viewer, factoryId), state -> show(factoryId, state));
    }

    private void show(String factoryId, MeshState state) {
        add(new Span(getTranslation("mesh.cluster", state.cluster())));
        if (!state.supported()) {
            explainEmbedded();
            return;
        }
        if (!state.drift().isEmpty()) {
            Div drift = new Div(new H3(getTranslation("mesh.drift")));
            drift.setId("mesh-drift");
            UnorderedList list = new UnorderedList();
            state.drift().forEach(d -> list.add(new ListItem(d)));
            drift.add(list);
            add(drift);
        }
        MeshPolicy policy = state.policy() == null ? MeshPolicy.defaults() : state.policy();
        if (state.policy() == null) {
            add(new Paragraph(getTranslation("mesh.defaults")));
        }
        add(new MeshPolicyForm(mesh, viewer, factoryId, policy, viewer.canManageFleet()));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.mesh"));
    }
}
