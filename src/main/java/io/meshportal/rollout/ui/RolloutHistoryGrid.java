package io.meshportal.rollout.ui;

import com.vaadin.flow.component.grid.Grid;
import io.meshportal.base.ui.Translations;
import io.meshportal.rollout.RolloutView;
import java.util.List;

/** A factory's past and present rollouts: versions, mode, outcome, who started each and when, and why it ended. */
class RolloutHistoryGrid extends Grid<RolloutView> {

    RolloutHistoryGrid(List<RolloutView> history) {
        setId("rollout-history");
        addColumn(r -> r.stableVersion() + " → " + r.canaryVersion()).setHeader(getTranslation("versions.title"));
        addColumn(r -> r.automatic()
                        ? Translations.t("rollouts.automatic") + " " + r.steps()
                        : Translations.t("rollouts.manual"))
                .setHeader(getTranslation("rollouts.mode"));
        addColumn(r -> Translations.t("rollout.state." + r.state().name())).setHeader(getTranslation("column.state"));
        addColumn(RolloutView::startedBy).setHeader(getTranslation("rollouts.started-by"));
        addColumn(r -> Translations.dateTime(r.startedAt())).setHeader(getTranslation("rollouts.started"));
        addColumn(r -> r.message() == null ? "" : r.message()).setHeader(getTranslation("rollouts.decision"));
        setItems(history);
        setAllRowsVisible(true);
    }
}
