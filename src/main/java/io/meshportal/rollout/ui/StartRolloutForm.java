package io.meshportal.rollout.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.base.ui.Translations;
import io.meshportal.factory.Tuning;
import io.meshportal.fleet.NewVersion;
import io.meshportal.fleet.Progress;
import io.meshportal.rollout.RolloutPlan;
import io.meshportal.rollout.RolloutService;
import io.meshportal.rollout.Thresholds;
import io.meshportal.security.Viewer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deploys a new version and starts its rollout: the version and its tuning, manual or automatic steps, and the
 * thresholds the canary is judged by. Each input is checked here so its message sits next to it (the service
 * checks again). Empty for a viewer who may not manage the fleet.
 */
class StartRolloutForm extends VerticalLayout {

    StartRolloutForm(RolloutService rollouts, Viewer viewer, String factoryId, RolloutChanges changes) {
        setPadding(false);
        if (!viewer.canManageFleet()) {
            return;
        }
        add(new H3(getTranslation("rollouts.deploy")));
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
            changes.run(
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
        add(form, start);
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

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
