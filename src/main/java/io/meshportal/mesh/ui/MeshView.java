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
import com.vaadin.flow.router.Route;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.base.ui.Translations;
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
@Menu(order = 5, title = "Service mesh", icon = "CONNECT")
@PermitAll
class MeshView extends VerticalLayout implements HasUrlParameter<String>, com.vaadin.flow.router.HasDynamicTitle {

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
        add(form(factoryId, policy, viewer.canManageFleet()));
    }

    private VerticalLayout form(String factoryId, MeshPolicy p, boolean editable) {
        TextField timeout = new TextField(
                getTranslation("mesh.timeout.field"), String.valueOf(p.timeout().toMillis()), "");
        IntegerField attempts = integer(getTranslation("mesh.retries"), p.retryAttempts());
        TextField perTry = new TextField(
                getTranslation("mesh.per-try"),
                p.perTryTimeout() == null
                        ? ""
                        : String.valueOf(p.perTryTimeout().toMillis()),
                "");
        TextField retryOn = new TextField(getTranslation("mesh.retry-on"), p.retryOn() == null ? "" : p.retryOn(), "");
        IntegerField maxConnections = integer(getTranslation("mesh.max-connections"), p.maxConnections());
        IntegerField maxPending = integer(getTranslation("mesh.max-pending"), p.maxPendingRequests());
        IntegerField consecutive = integer(getTranslation("mesh.eject-after"), p.consecutive5xxErrors());
        TextField ejection = new TextField(
                getTranslation("mesh.ejection-time"),
                String.valueOf(p.baseEjectionTime().toSeconds()),
                "");
        TextField stableVersion = new TextField(getTranslation("mesh.stable-version"), p.stableVersion(), "");
        TextField canaryVersion = new TextField(
                getTranslation("mesh.canary-version"), p.canaryVersion() == null ? "" : p.canaryVersion(), "");
        IntegerField stableWeight = integer(getTranslation("mesh.stable-weight"), p.stableWeight());
        IntegerField canaryWeight = integer(getTranslation("mesh.canary-weight"), p.canaryWeight());
        ComboBox<MtlsMode> mtls = new ComboBox<>(getTranslation("mesh.mtls"), MtlsMode.values());
        mtls.setValue(p.mtls());
        TextField principals =
                new TextField(getTranslation("mesh.principals"), String.join(",", p.allowedPrincipals()), "");
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
            split.setHelperText(getTranslation("mesh.set-on-rollouts"));
        }
        stableWeight.setReadOnly(true);
        canaryWeight.setReadOnly(true);
        canaryWeight.setHelperText(getTranslation("mesh.set-on-rollouts"));
        Button apply = new Button(getTranslation("mesh.apply"), e -> {
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
                            Notification.show(getTranslation("mesh.applied", factoryId));
                            ui.navigate(MeshView.class, factoryId);
                        } else if (cause instanceof MeshRequestException ex) {
                            FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
                        } else {
                            Notification.show(
                                    getTranslation(
                                            "mesh.apply.failed",
                                            cause instanceof java.util.concurrent.TimeoutException
                                                    ? getTranslation("mesh.no-answer", ANSWER_WITHIN.toSeconds())
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
            layout.addComponentAsFirst(new Paragraph(getTranslation("mesh.view-only")));
        }
        return layout;
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.mesh"));
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
