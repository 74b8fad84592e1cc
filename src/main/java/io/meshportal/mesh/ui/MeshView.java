package io.meshportal.mesh.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.MeshConfigStatus;
import io.meshportal.fleet.MtlsMode;
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
import java.util.Arrays;
import java.util.HashMap;
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
 * views and edits one factory's policy (office roles edit, a factory's manager views).
 */
@Route("mesh")
@PageTitle("Service mesh · MeshPortal")
@Menu(order = 5, title = "Service mesh", icon = "CONNECT")
@PermitAll
class MeshView extends VerticalLayout implements HasUrlParameter<String> {

    /** Reads from the mesh's config cluster run here, never on the UI thread: a hung cluster must not freeze a session. */
    private static final ExecutorService READS = Executors.newVirtualThreadPerTaskExecutor();
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
        Span loading = new Span("Reading from the mesh…");
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
                ? "The mesh's config cluster did not answer within " + ANSWER_WITHIN.toSeconds() + " s."
                : cause instanceof AccessDeniedException || cause instanceof MeshRequestException
                        ? "No such factory."
                        : "The mesh could not be read: " + cause.getMessage();
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
                            ? "Configuration in cluster " + status.cluster() + " (Istio ready)"
                            : "Config cluster " + status.cluster() + ": " + status.message());
            line.setId("mesh-config-cluster");
            line.addClassName("status-badge");
            line.getElement().setAttribute("status", status.state() == MeshConfigStatus.State.READY ? "up" : "down");
            add(line);
        });
    }

    private void overview() {
        add(new H2("Service mesh"));
        add(new SignalsPanel(signals, viewer, null));
        if (!mesh.supported()) {
            explainEmbedded();
            return;
        }
        Grid<MeshOverviewRow> grid = new Grid<>();
        grid.setId("mesh-overview");
        grid.addColumn(MeshOverviewRow::name).setHeader("Factory");
        grid.addColumn(MeshOverviewRow::cluster).setHeader("Cluster");
        grid.addColumn(r -> r.clusterInMesh() ? "yes" : "no (Istio not found)").setHeader("Cluster in mesh");
        grid.addColumn(r -> r.mtls() == null ? "—" : r.mtls().name()).setHeader("mTLS");
        grid.addColumn(r -> r.hasPolicy() ? "yes" : "no").setHeader("Traffic policy");
        grid.addColumn(r -> r.error() == null ? "" : r.error()).setHeader("Problem");
        grid.addItemClickListener(e ->
                getUI().ifPresent(ui -> ui.navigate(MeshView.class, e.getItem().factoryId())));
        configClusterStatus();
        add(grid);
        load(() -> mesh.overview(viewer), grid::setItems);
    }

    private void explainEmbedded() {
        add(new Paragraph("Traffic policy (timeouts, retries, circuit breaking, mTLS and access policy) "
                + "is managed as Istio resources and needs the Kubernetes fleet with Istio "
                + "(meshportal.fleet.mode=kubernetes; see the README, \"Run on Kubernetes\"). On the embedded fleet the "
                + "portal protects itself with these client-side settings:"));
        Grid<Map.Entry<String, String>> settings = new Grid<>();
        settings.setId("client-resilience");
        settings.addColumn(Map.Entry::getKey).setHeader("Client-side resilience");
        settings.addColumn(Map.Entry::getValue).setHeader("Setting");
        settings.setItems(List.copyOf(mesh.clientResilience().entrySet()));
        settings.setAllRowsVisible(true);
        add(settings);
    }

    private void factory(String factoryId) {
        add(new H2("Traffic policy · " + factoryId));
        add(new SignalsPanel(signals, viewer, factoryId));
        if (!mesh.supported()) {
            explainEmbedded();
            return;
        }
        configClusterStatus();
        load(() -> mesh.state(viewer, factoryId), state -> show(factoryId, state));
    }

    private void show(String factoryId, MeshState state) {
        add(new Span("cluster " + state.cluster()));
        if (!state.supported()) {
            explainEmbedded();
            return;
        }
        if (!state.drift().isEmpty()) {
            Div drift = new Div(new H3("Drift"));
            drift.setId("mesh-drift");
            UnorderedList list = new UnorderedList();
            state.drift().forEach(d -> list.add(new ListItem(d)));
            drift.add(list);
            add(drift);
        }
        MeshPolicy policy = state.policy() == null ? MeshPolicy.defaults() : state.policy();
        if (state.policy() == null) {
            add(new Paragraph("No policy yet: below are the proposed defaults."));
        }
        add(form(factoryId, policy, viewer.canManageFleet()));
    }

    private VerticalLayout form(String factoryId, MeshPolicy p, boolean editable) {
        TextField timeout =
                new TextField("Request timeout (ms)", String.valueOf(p.timeout().toMillis()), "");
        IntegerField attempts = integer("Retry attempts", p.retryAttempts());
        TextField perTry = new TextField(
                "Per-try timeout (ms)",
                p.perTryTimeout() == null
                        ? ""
                        : String.valueOf(p.perTryTimeout().toMillis()),
                "");
        TextField retryOn = new TextField("Retry on", p.retryOn() == null ? "" : p.retryOn(), "");
        IntegerField maxConnections = integer("Max connections", p.maxConnections());
        IntegerField maxPending = integer("Max pending requests", p.maxPendingRequests());
        IntegerField consecutive = integer("Eject after consecutive 5xx", p.consecutive5xxErrors());
        TextField ejection = new TextField(
                "Ejection time (s)", String.valueOf(p.baseEjectionTime().toSeconds()), "");
        TextField stableVersion = new TextField("Stable version", p.stableVersion(), "");
        TextField canaryVersion =
                new TextField("Canary version", p.canaryVersion() == null ? "" : p.canaryVersion(), "");
        IntegerField stableWeight = integer("Stable weight %", p.stableWeight());
        IntegerField canaryWeight = integer("Canary weight %", p.canaryWeight());
        ComboBox<MtlsMode> mtls = new ComboBox<>("mTLS", MtlsMode.values());
        mtls.setValue(p.mtls());
        TextField principals = new TextField(
                "Allowed callers (principals, comma separated)", String.join(",", p.allowedPrincipals()), "");
        principals.setWidthFull();
        canaryWeight.setId("mesh-canary-weight");
        Map<String, com.vaadin.flow.component.HasValidation> fields = new HashMap<>(Map.of(
                "timeout",
                timeout,
                "retryAttempts",
                attempts,
                "perTryTimeout",
                perTry,
                "retryOn",
                retryOn,
                "maxConnections",
                maxConnections,
                "maxPendingRequests",
                maxPending,
                "consecutive5xxErrors",
                consecutive,
                "baseEjectionTime",
                ejection,
                "stableVersion",
                stableVersion,
                "canaryVersion",
                canaryVersion));
        fields.put("canaryWeight", canaryWeight);
        fields.put("mtls", mtls);
        fields.put("allowedPrincipals", principals);
        // stable ids for every field (tests, scripts and assistive tools find them by name)
        fields.forEach((key, field) -> ((com.vaadin.flow.component.Component) field)
                .setId(((com.vaadin.flow.component.Component) field).getId().orElse("mesh-" + key)));
        stableWeight.setId("mesh-stable-weight");
        FormLayout form = new FormLayout(
                timeout,
                attempts,
                perTry,
                retryOn,
                maxConnections,
                maxPending,
                consecutive,
                ejection,
                stableVersion,
                canaryVersion,
                stableWeight,
                canaryWeight,
                mtls,
                principals);
        fields.values().forEach(f -> ((com.vaadin.flow.component.HasValue<?, ?>) f).setReadOnly(!editable));
        // the split belongs to the factory's versions: changed by rollouts, shown here as the mesh has it
        for (var split : List.of(stableVersion, canaryVersion)) {
            split.setReadOnly(true);
            split.setHelperText("Set on the Rollouts page");
        }
        stableWeight.setReadOnly(true);
        canaryWeight.setReadOnly(true);
        canaryWeight.setHelperText("Set on the Rollouts page");
        Button apply = new Button("Validate and apply", e -> {
            FieldProblems.clear(fields);
            MeshPolicy policy = new MeshPolicy(
                    millis(timeout.getValue()),
                    value(attempts),
                    millis(perTry.getValue()),
                    retryOn.getValue(),
                    value(maxConnections),
                    value(maxPending),
                    value(consecutive),
                    seconds(ejection.getValue()),
                    stableVersion.getValue().trim(),
                    canaryVersion.getValue().trim(),
                    value(stableWeight),
                    value(canaryWeight),
                    mtls.getValue(),
                    Arrays.stream(principals.getValue().split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList());
            // written off the UI thread, like every read: the config cluster may be slow or gone
            Button source = e.getSource();
            source.setEnabled(false);
            UI ui = UI.getCurrent();
            CompletableFuture.runAsync(() -> mesh.apply(viewer, factoryId, policy), READS)
                    .orTimeout(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((done, error) -> ui.access(() -> {
                        source.setEnabled(true);
                        Throwable cause = error != null && error.getCause() != null ? error.getCause() : error;
                        if (cause == null) {
                            Notification.show("Policy applied to " + factoryId);
                            ui.navigate(MeshView.class, factoryId);
                        } else if (cause instanceof MeshRequestException ex) {
                            FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
                        } else {
                            Notification.show(
                                    "Could not apply: "
                                            + (cause instanceof java.util.concurrent.TimeoutException
                                                    ? "no answer within " + ANSWER_WITHIN.toSeconds() + " s"
                                                    : cause.getMessage()),
                                    6000,
                                    Notification.Position.MIDDLE);
                        }
                    }));
        });
        apply.setId("mesh-apply");
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        apply.setVisible(editable);
        VerticalLayout layout = new VerticalLayout(form, apply);
        if (!editable) {
            layout.addComponentAsFirst(
                    new Paragraph("View only: office managers and administrators change traffic policy."));
        }
        return layout;
    }

    private static IntegerField integer(String label, int value) {
        IntegerField field = new IntegerField(label);
        field.setValue(value);
        return field;
    }

    private static int value(IntegerField field) {
        return field.getValue() == null ? -1 : field.getValue();
    }

    private static Duration millis(String text) {
        try {
            return text == null || text.isBlank() ? null : Duration.ofMillis(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Duration.ZERO; // reported by validation as out of range
        }
    }

    private static Duration seconds(String text) {
        try {
            return Duration.ofSeconds(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }
}
