package io.meshportal.rollout.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import io.meshportal.base.ui.Translations;
import io.meshportal.fleet.Workload;
import io.meshportal.rollout.RolloutView;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The overview at {@code /rollouts}: every factory the viewer sees, its running versions and its rollout, if any. */
class RolloutFactoriesGrid extends Grid<Workload> {

    /**
     * @param active the running rollout of each factory that has one, by factory id
     */
    RolloutFactoriesGrid(List<Workload> workloads, Map<String, RolloutView> active) {
        setId("rollouts-factories");
        addColumn(Workload::factoryId).setHeader(getTranslation("column.factory"));
        addColumn(w -> String.join(
                        ", ",
                        w.replicas().stream()
                                .map(Workload.Replica::version)
                                .filter(Objects::nonNull)
                                .distinct()
                                .toList()))
                .setHeader(getTranslation("rollouts.running-versions"));
        addColumn(w -> Optional.ofNullable(active.get(w.factoryId()))
                        .map(r -> Translations.t(
                                "rollouts.overview",
                                Translations.t("rollout.state." + r.state().name()),
                                r.canaryWeight(),
                                r.canaryVersion()))
                        .orElse("—"))
                .setHeader(getTranslation("rollouts.rollout"));
        setItems(workloads);
        addItemClickListener(
                e -> UI.getCurrent().navigate("rollouts/" + e.getItem().factoryId()));
        setAllRowsVisible(true);
    }
}
