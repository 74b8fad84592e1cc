package io.meshportal.rollout.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import io.meshportal.rollout.RolloutService;
import io.meshportal.security.Viewer;
import java.util.Map;

/**
 * The running rollout's controls: set the canary's share of requests, promote it or roll it back. Empty for a
 * viewer who may not manage the fleet (a factory's manager watches).
 */
class RolloutControls extends HorizontalLayout {

    RolloutControls(
            RolloutService rollouts, Viewer viewer, String factoryId, Versions versions, RolloutChanges changes) {
        if (!viewer.canManageFleet()) {
            return;
        }
        IntegerField weight = new IntegerField(getTranslation("rollouts.weight"));
        weight.setId("rollout-weight");
        weight.setValue(versions.canaryWeight());
        Button weigh = new Button(
                getTranslation("rollouts.set-weight"),
                e -> changes.run(
                        e.getSource(),
                        () -> rollouts.weigh(viewer, factoryId, weight.getValue() == null ? -1 : weight.getValue()),
                        Map.of("weight", weight),
                        getTranslation("rollouts.weight-set")));
        weigh.setId("rollout-weigh");
        Button promote = new Button(
                getTranslation("rollouts.promote"),
                e -> changes.run(
                        e.getSource(),
                        () -> rollouts.promote(viewer, factoryId, Progress.NONE),
                        Map.of(),
                        getTranslation("rollouts.promoted")));
        promote.setId("rollout-promote");
        promote.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button back = new Button(
                getTranslation("rollouts.roll-back"),
                e -> changes.run(
                        e.getSource(),
                        () -> rollouts.rollBack(viewer, factoryId, Progress.NONE),
                        Map.of(),
                        getTranslation("rollouts.rolled-back")));
        back.setId("rollout-rollback");
        back.addThemeVariants(ButtonVariant.LUMO_ERROR);
        add(weight, weigh, promote, back);
        setAlignItems(Alignment.BASELINE);
    }
}
