package io.meshportal.rollout.ui;

import com.vaadin.flow.component.grid.Grid;
import io.meshportal.base.ui.Translations;
import io.meshportal.telemetry.HistoryService.VersionMinute;
import java.util.List;

/**
 * Each version's own minutes while two ran, newest first: what its own counters grew by and the share of the plant
 * it ran — the figures the factory's minutes are combined from (its share of each).
 */
class VersionMinutesGrid extends Grid<VersionMinute> {

    VersionMinutesGrid(List<VersionMinute> minutes) {
        setId("version-minutes");
        addColumn(m -> Translations.dateTime(m.minute())).setHeader(getTranslation("rollouts.minutes.minute"));
        addColumn(VersionMinute::version).setHeader(getTranslation("versions.title"));
        addColumn(m -> Math.round(100 * m.share()) + " %").setHeader(getTranslation("rollouts.minutes.share"));
        addColumn(VersionMinute::made).setHeader(getTranslation("rollouts.minutes.made"));
        addColumn(VersionMinute::rejected).setHeader(getTranslation("rollouts.minutes.rejected"));
        addColumn(m -> Double.isNaN(m.oeePercent())
                        ? "—"
                        : String.format(Translations.locale(), "%.1f %%", m.oeePercent()))
                .setHeader(getTranslation("rollouts.minutes.oee"));
        setItems(minutes.reversed());
        setAllRowsVisible(minutes.size() <= 20);
    }
}
