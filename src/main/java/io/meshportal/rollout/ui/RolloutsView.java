package io.meshportal.rollout.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.Versions;
import io.meshportal.rollout.RolloutService;
import io.meshportal.rollout.RolloutView;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.PermitAll;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Versions and canary rollouts: {@code /rollouts} lists the factories and their versions; {@code /rollouts/<id>}
 * shows one factory's versions side by side (output, rejects, OEE, request rate, errors, p99) live, starts a
 * rollout, and sets weights, promotes or rolls back (office roles; a factory's manager watches). This class routes,
 * keeps the page live and lays it out; its parts ({@link VersionsCompareGrid}, {@link StartRolloutForm},
 * {@link RolloutControls}, {@link RolloutHistoryGrid}, {@link RolloutFactoriesGrid}) are components of their own.
 */
@Route("rollouts")
@Menu(order = 6, title = "Rollouts", icon = "SPLIT")
@PermitAll
class RolloutsView extends VerticalLayout implements HasUrlParameter<String>, HasDynamicTitle {

    private final RolloutService rollouts;
    private final FleetService fleet;
    private final Viewer viewer;
    /** A change that went through rebuilds the page: a rollout began, moved or ended. */
    private final RolloutChanges changes = new RolloutChanges(this::rebuild);

    private String factoryId;
    private VersionsCompareGrid compare = new VersionsCompareGrid();
    private final Span state = new Span();
    /** The factory's releases and weights as last read (the controls start from the canary's weight). */
    private Versions versions;

    private boolean shownActive;
    private Registration watching;

    private final io.meshportal.telemetry.HistoryService history;

    RolloutsView(
            RolloutService rollouts,
            FleetService fleet,
            io.meshportal.telemetry.HistoryService history,
            CurrentUser currentUser) {
        this.history = history;
        this.rollouts = rollouts;
        this.fleet = fleet;
        this.viewer = currentUser.require();
        setId("rollouts-view");
    }

    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter String id) {
        removeAll();
        factoryId = id;
        if (id == null) {
            overview();
        } else if (!viewer.canSee(id) || !fleet.exists(id)) {
            event.rerouteToError(NotFoundException.class, "No factory " + id);
        } else {
            factory();
        }
        if (isAttached()) {
            getUI().ifPresent(this::watch);
        } else if (id == null) {
            unwatch();
        }
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        watch(attach.getUI());
    }

    @Override
    protected void onDetach(DetachEvent detach) {
        unwatch();
    }

    /** Live figures of the factory shown; one subscription at a time (the same view serves every factory). */
    private void watch(UI ui) {
        unwatch();
        if (factoryId != null) {
            watching = rollouts.subscribe(viewer, factoryId, () -> ui.access(this::refresh));
        }
    }

    private void unwatch() {
        if (watching != null) {
            watching.remove();
            watching = null;
        }
    }

    private void overview() {
        add(new H2(getTranslation("factory.link.versions")));
        Map<String, RolloutView> active = new HashMap<>();
        rollouts.activeAll(viewer).forEach(r -> active.put(r.factoryId(), r));
        add(new RolloutFactoriesGrid(fleet.workloads(viewer), active));
    }

    private void rebuild() {
        removeAll();
        factory();
    }

    private void factory() {
        add(new H2(getTranslation("rollouts.of", factoryId)));
        state.setId("rollout-state");
        add(state);
        compare = new VersionsCompareGrid();
        add(compare);
        shownActive = rollouts.active(viewer, factoryId).isPresent();
        refresh();
        add(
                shownActive
                        ? new RolloutControls(rollouts, viewer, factoryId, versions, changes)
                        : new StartRolloutForm(rollouts, viewer, factoryId, changes));
        add(new H3(getTranslation("rollouts.minutes")));
        java.time.Instant now = java.time.Instant.now();
        var minutes = history.versionMinutes(
                viewer,
                factoryId,
                new io.meshportal.telemetry.HistoryRange(now.minus(java.time.Duration.ofHours(1)), now));
        if (minutes.isEmpty()) {
            Span none = new Span(getTranslation("rollouts.minutes.none"));
            none.setId("version-minutes-none");
            add(none);
        } else {
            add(new VersionMinutesGrid(minutes));
        }
        add(new H3(getTranslation("rollouts.history")));
        add(new RolloutHistoryGrid(rollouts.history(viewer, factoryId)));
    }

    /** Live: the figures and the state; the whole page when a rollout began or ended. */
    private void refresh() {
        if (factoryId == null) {
            return;
        }
        Optional<RolloutView> active = rollouts.active(viewer, factoryId);
        if (active.isPresent() != shownActive && compare.isAttached()) {
            rebuild();
            return;
        }
        versions = rollouts.versions(viewer, factoryId);
        compare.show(versions, rollouts.compare(viewer, factoryId));
        state.setText(active.map(r -> getTranslation(
                                "rollouts.state",
                                getTranslation("rollout.state." + r.state().name()),
                                getTranslation(r.automatic() ? "rollouts.automatic" : "rollouts.manual"),
                                100 - r.canaryWeight(),
                                r.stableVersion(),
                                r.canaryWeight(),
                                r.canaryVersion())
                        + (r.message() == null ? "" : " · " + r.message()))
                .orElse(getTranslation("rollouts.none", versions.stable().name())));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.rollouts"));
    }
}
