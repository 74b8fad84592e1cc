package io.meshportal.rollout.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.Route;
import io.meshportal.base.InvalidRequestException;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.base.ui.Translations;
import io.meshportal.factory.Tuning;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NewVersion;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import io.meshportal.rollout.RolloutPlan;
import io.meshportal.rollout.RolloutService;
import io.meshportal.rollout.RolloutView;
import io.meshportal.rollout.Thresholds;
import io.meshportal.rollout.VersionFigures;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Versions and canary rollouts: {@code /rollouts} lists the factories and their versions; {@code /rollouts/<id>}
 * shows one factory's versions side by side (output, rejects, OEE, request rate, errors, p99) live, starts a
 * rollout, and sets weights, promotes or rolls back (office roles; a factory's manager watches).
 */
@Route("rollouts")
@Menu(order = 6, title = "Rollouts", icon = "SPLIT")
@PermitAll
class RolloutsView extends VerticalLayout implements HasUrlParameter<String>, com.vaadin.flow.router.HasDynamicTitle {

    /** Deploying, promoting and rolling back take seconds to minutes: never on the UI thread. */
    private static final ExecutorService CHANGES = Executors.newVirtualThreadPerTaskExecutor();

    private final RolloutService rollouts;
    private final FleetService fleet;
    private final Viewer viewer;
    private String factoryId;
    private Grid<VersionFigures> compare = new Grid<>();
    private final Span state = new Span();
    private Versions versions;
    private boolean shownActive;
    private com.vaadin.flow.shared.Registration watching;

    RolloutsView(RolloutService rollouts, FleetService fleet, CurrentUser currentUser) {
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
    protected void onDetach(com.vaadin.flow.component.DetachEvent detach) {
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
        Grid<io.meshportal.fleet.Workload> grid = new Grid<>();
        grid.setId("rollouts-factories");
        grid.addColumn(io.meshportal.fleet.Workload::factoryId).setHeader(getTranslation("column.factory"));
        grid.addColumn(w -> String.join(
                        ", ",
                        w.replicas().stream()
                                .map(io.meshportal.fleet.Workload.Replica::version)
                                .filter(java.util.Objects::nonNull)
                                .distinct()
                                .toList()))
                .setHeader(getTranslation("rollouts.running-versions"));
        Map<String, RolloutView> active = new HashMap<>();
        rollouts.activeAll(viewer).forEach(r -> active.put(r.factoryId(), r));
        grid.addColumn(w -> Optional.ofNullable(active.get(w.factoryId()))
                        .map(r -> Translations.t(
                                "rollouts.overview",
                                Translations.t("rollout.state." + r.state().name()),
                                r.canaryWeight(),
                                r.canaryVersion()))
                        .orElse("—"))
                .setHeader(getTranslation("rollouts.rollout"));
        grid.setItems(fleet.workloads(viewer));
        grid.addItemClickListener(
                e -> UI.getCurrent().navigate("rollouts/" + e.getItem().factoryId()));
        grid.setAllRowsVisible(true);
        add(grid);
    }

    private void factory() {
        add(new H2(getTranslation("rollouts.of", factoryId)));
        state.setId("rollout-state");
        add(state);
        compare = new Grid<>();
        compare.setId("rollout-compare");
        compare.addColumn(VersionFigures::version).setHeader(getTranslation("clusters.version"));
        compare.addColumn(f -> release(f.version())).setHeader(getTranslation("rollouts.replicas"));
        compare.addColumn(f -> weightOf(f.version()) + " %").setHeader(getTranslation("rollouts.requests"));
        compare.addColumn(f -> String.valueOf(f.samples())).setHeader(getTranslation("versions.samples"));
        compare.addColumn(f -> number(f.outputPerMinute(), "%.1f")).setHeader(getTranslation("versions.output"));
        compare.addColumn(f -> number(f.rejectPercent(), "%.1f %%")).setHeader(getTranslation("versions.rejects"));
        compare.addColumn(f -> number(f.oeePercent(), "%.1f %%")).setHeader(getTranslation("column.oee"));
        compare.addColumn(f -> number(f.requestsPerSecond(), "%.2f")).setHeader(getTranslation("versions.rps"));
        compare.addColumn(f -> number(f.errorPercent(), "%.1f %%")).setHeader(getTranslation("signals.errors"));
        compare.addColumn(f -> number(f.p99Millis(), "%.0f ms")).setHeader("p99");
        compare.setAllRowsVisible(true);
        add(compare);
        shownActive = rollouts.active(viewer, factoryId).isPresent();
        refresh();
        add(shownActive ? controls() : startForm());
        add(new H3(getTranslation("rollouts.history")));
        Grid<RolloutView> history = new Grid<>();
        history.setId("rollout-history");
        history.addColumn(r -> r.stableVersion() + " → " + r.canaryVersion())
                .setHeader(getTranslation("versions.title"));
        history.addColumn(r -> r.automatic()
                        ? Translations.t("rollouts.automatic") + " " + r.steps()
                        : Translations.t("rollouts.manual"))
                .setHeader(getTranslation("rollouts.mode"));
        history.addColumn(r -> Translations.t("rollout.state." + r.state().name()))
                .setHeader(getTranslation("column.state"));
        history.addColumn(RolloutView::startedBy).setHeader(getTranslation("rollouts.started-by"));
        history.addColumn(r -> Translations.dateTime(r.startedAt())).setHeader(getTranslation("rollouts.started"));
        history.addColumn(r -> r.message() == null ? "" : r.message()).setHeader(getTranslation("rollouts.decision"));
        history.setItems(rollouts.history(viewer, factoryId));
        history.setAllRowsVisible(true);
        add(history);
    }

    /** Live: the figures and the state; the whole page when a rollout began or ended. */
    private void refresh() {
        if (factoryId == null) {
            return;
        }
        Optional<RolloutView> active = rollouts.active(viewer, factoryId);
        if (active.isPresent() != shownActive && compare.isAttached()) {
            removeAll();
            factory();
            return;
        }
        versions = rollouts.versions(viewer, factoryId);
        compare.setItems(rollouts.compare(viewer, factoryId));
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

    private HorizontalLayout controls() {
        HorizontalLayout bar = new HorizontalLayout();
        if (!viewer.canManageFleet()) {
            return bar;
        }
        IntegerField weight = new IntegerField(getTranslation("rollouts.weight"));
        weight.setId("rollout-weight");
        weight.setValue(versions.canaryWeight());
        Button weigh = new Button(
                getTranslation("rollouts.set-weight"),
                e -> run(
                        e.getSource(),
                        () -> rollouts.weigh(viewer, factoryId, weight.getValue() == null ? -1 : weight.getValue()),
                        Map.of("weight", weight),
                        getTranslation("rollouts.weight-set")));
        weigh.setId("rollout-weigh");
        Button promote = new Button(
                getTranslation("rollouts.promote"),
                e -> run(
                        e.getSource(),
                        () -> rollouts.promote(viewer, factoryId, Progress.NONE),
                        Map.of(),
                        getTranslation("rollouts.promoted")));
        promote.setId("rollout-promote");
        promote.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button back = new Button(
                getTranslation("rollouts.roll-back"),
                e -> run(
                        e.getSource(),
                        () -> rollouts.rollBack(viewer, factoryId, Progress.NONE),
                        Map.of(),
                        getTranslation("rollouts.rolled-back")));
        back.setId("rollout-rollback");
        back.addThemeVariants(ButtonVariant.LUMO_ERROR);
        bar.add(weight, weigh, promote, back);
        bar.setAlignItems(Alignment.BASELINE);
        return bar;
    }

    private VerticalLayout startForm() {
        VerticalLayout box = new VerticalLayout();
        box.setPadding(false);
        if (!viewer.canManageFleet()) {
            return box;
        }
        box.add(new H3(getTranslation("rollouts.deploy")));
        TextField version = text(getTranslation("rollouts.new-version"), "v2", "version");
        TextField tag = text(getTranslation("rollouts.image-tag"), "", "imageTag");
        TextField cycle = text(getTranslation("rollouts.cycle"), "1.0", "cycleTimeFactor");
        TextField reject = text(getTranslation("rollouts.reject-rate"), "", "rejectRate");
        TextField stoppage = text(getTranslation("rollouts.stoppage"), "0.15", "stoppageRate");
        IntegerField replicas = new IntegerField(getTranslation("fleet.replicas"));
        replicas.setValue(1);
        replicas.setId("rollout-replicas");
        Checkbox automatic = new Checkbox(getTranslation("rollouts.automatic.box"), true);
        automatic.setId("rollout-automatic");
        TextField steps = text(getTranslation("rollouts.steps"), "10, 25, 50, 100", "steps");
        TextField dwell = text(getTranslation("rollouts.dwell"), "60", "dwell");
        IntegerField samples = new IntegerField(getTranslation("rollouts.samples"));
        samples.setValue(10);
        samples.setId("rollout-minSamples");
        Thresholds d = Thresholds.DEFAULTS;
        TextField errors = text(
                getTranslation("rollouts.max-errors"), fmt(d.maxErrorPercentIncrease()), "maxErrorPercentIncrease");
        TextField p99 = text(getTranslation("rollouts.max-p99"), fmt(d.maxP99Ratio()), "maxP99Ratio");
        TextField rejects = text(
                getTranslation("rollouts.max-rejects"), fmt(d.maxRejectPercentIncrease()), "maxRejectPercentIncrease");
        TextField oee = text(getTranslation("rollouts.max-oee"), fmt(d.maxOeeDrop()), "maxOeeDrop");
        TextField output =
                text(getTranslation("rollouts.max-output"), fmt(d.maxOutputDropPercent()), "maxOutputDropPercent");
        Map<String, HasValidation> fields = new HashMap<>();
        fields.put("version", version);
        fields.put("imageTag", tag);
        fields.put("cycleTimeFactor", cycle);
        fields.put("rejectRate", reject);
        fields.put("stoppageRate", stoppage);
        fields.put("tuning", cycle);
        fields.put("replicas", replicas);
        fields.put("steps", steps);
        fields.put("dwell", dwell);
        fields.put("minSamples", samples);
        fields.put("maxErrorPercentIncrease", errors);
        fields.put("maxP99Ratio", p99);
        fields.put("maxRejectPercentIncrease", rejects);
        fields.put("maxOeeDrop", oee);
        fields.put("maxOutputDropPercent", output);
        fields.put("factory", version);
        Button start = new Button(getTranslation("rollouts.start"), e -> {
            FieldProblems.clear(fields);
            Map<String, String> problems = new HashMap<>();
            Double cycleValue = decimal(cycle.getValue(), "cycleTimeFactor", problems);
            Double rejectValue =
                    reject.getValue().isBlank() ? null : decimal(reject.getValue(), "rejectRate", problems);
            Double stoppageValue = decimal(stoppage.getValue(), "stoppageRate", problems);
            Tuning tuning = null;
            if (problems.isEmpty()) {
                try {
                    tuning = new Tuning(cycleValue, rejectValue, stoppageValue);
                } catch (IllegalArgumentException ex) {
                    String m = ex.getMessage();
                    problems.put(
                            m.startsWith("cycle")
                                    ? "cycleTimeFactor"
                                    : m.startsWith("reject") ? "rejectRate" : "stoppageRate",
                            m.substring(0, 1).toUpperCase() + m.substring(1));
                }
            }
            List<Integer> stepList = RolloutPlan.parseSteps(steps.getValue());
            if (stepList == null) {
                problems.put("steps", getTranslation("rollouts.steps.problem"));
            }
            Double dwellSeconds = decimal(dwell.getValue(), "dwell", problems);
            Double[] t = {
                decimal(errors.getValue(), "maxErrorPercentIncrease", problems),
                decimal(p99.getValue(), "maxP99Ratio", problems),
                decimal(rejects.getValue(), "maxRejectPercentIncrease", problems),
                decimal(oee.getValue(), "maxOeeDrop", problems),
                decimal(output.getValue(), "maxOutputDropPercent", problems)
            };
            if (!problems.isEmpty()) {
                FieldProblems.show(fields, problems).forEach(Notification::show);
                return;
            }
            RolloutPlan plan = new RolloutPlan(
                    new NewVersion(
                            version.getValue().trim(),
                            tag.getValue().trim(),
                            tuning,
                            replicas.getValue() == null ? 0 : replicas.getValue()),
                    automatic.getValue(),
                    stepList,
                    Duration.ofMillis(Math.round(dwellSeconds * 1000)),
                    samples.getValue() == null ? 0 : samples.getValue(),
                    new Thresholds(t[0], t[1], t[2], t[3], t[4]));
            // checked here too, so the message is next to its field at once (the service checks again)
            Map<String, String> planProblems = plan.problems();
            if (!planProblems.isEmpty()) {
                FieldProblems.show(fields, planProblems).forEach(Notification::show);
                return;
            }
            run(
                    e.getSource(),
                    () -> rollouts.start(viewer, factoryId, plan, Progress.NONE),
                    fields,
                    getTranslation("rollouts.deployed", plan.version().name()));
        });
        start.setId("rollout-start");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        FormLayout form = new FormLayout(
                version, tag, replicas, cycle, reject, stoppage, automatic, steps, dwell, samples, errors, p99, rejects,
                oee, output);
        box.add(form, start);
        return box;
    }

    /** Runs a change off the UI thread; field problems go next to their fields, other failures to a notification. */
    private void run(Button source, Runnable change, Map<String, ? extends HasValidation> fields, String done) {
        source.setEnabled(false);
        FieldProblems.clear(fields);
        UI ui = UI.getCurrent();
        CompletableFuture.runAsync(change, CHANGES)
                .whenComplete((ok, error) -> ui.access(() -> {
                    source.setEnabled(true);
                    Throwable cause = error != null && error.getCause() != null ? error.getCause() : error;
                    if (cause == null) {
                        Notification.show(done);
                        removeAll();
                        factory();
                    } else if (cause instanceof InvalidRequestException ex) {
                        FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
                    } else {
                        Notification.show(getTranslation("rollouts.failed", cause.getMessage()));
                    }
                }));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.rollouts"));
    }

    private static TextField text(String label, String value, String key) {
        TextField field = new TextField(label, value, "");
        field.setId("rollout-" + key);
        return field;
    }

    private static Double decimal(String text, String field, Map<String, String> problems) {
        try {
            double v = Double.parseDouble(text.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            problems.put(field, Translations.t("rollouts.number"));
            return 0.0;
        }
    }

    private String release(String version) {
        if (versions == null) {
            return "";
        }
        Versions.Release r = version.equals(versions.stable().name()) ? versions.stable() : versions.canary();
        return r == null ? "" : r.replicas() + " (" + r.readyReplicas() + ")";
    }

    private int weightOf(String version) {
        if (versions == null) {
            return 0;
        }
        return version.equals(versions.stable().name()) ? versions.stableWeight() : versions.canaryWeight();
    }

    private static String number(Double value, String format) {
        return value == null ? "—" : String.format(format, value);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
