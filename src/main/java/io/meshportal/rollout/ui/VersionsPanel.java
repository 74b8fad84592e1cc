package io.meshportal.rollout.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.meshportal.base.ui.Translations;
import io.meshportal.rollout.RolloutService;
import io.meshportal.rollout.VersionFigures;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.FactoryPanel;
import java.util.Optional;

/**
 * On a factory's page: its versions side by side — output per minute, rejects, OEE and the mesh signals of each —
 * live while the page is open (the same figures as the Rollouts page, where rollouts are run).
 */
@org.springframework.stereotype.Component
class VersionsPanel implements FactoryPanel {

    private final RolloutService rollouts;

    VersionsPanel(RolloutService rollouts) {
        this.rollouts = rollouts;
    }

    @Override
    public Optional<Component> create(Viewer viewer, String factoryId) {
        Grid<VersionFigures> grid = new Grid<>();
        grid.setId("factory-versions-grid");
        grid.addColumn(VersionFigures::version).setHeader(Translations.t("clusters.version"));
        grid.addColumn(f -> String.valueOf(f.samples())).setHeader(Translations.t("versions.samples"));
        grid.addColumn(f -> number(f.outputPerMinute(), "%.1f")).setHeader(Translations.t("versions.output"));
        grid.addColumn(f -> number(f.rejectPercent(), "%.1f %%")).setHeader(Translations.t("versions.rejects"));
        grid.addColumn(f -> number(f.oeePercent(), "%.1f %%")).setHeader(Translations.t("column.oee"));
        grid.addColumn(f -> number(f.requestsPerSecond(), "%.2f")).setHeader(Translations.t("versions.rps"));
        grid.addColumn(f -> number(f.errorPercent(), "%.1f %%")).setHeader(Translations.t("signals.errors"));
        grid.addColumn(f -> number(f.p99Millis(), "%.0f ms")).setHeader("p99");
        grid.setAllRowsVisible(true);
        grid.setItems(rollouts.compare(viewer, factoryId));
        VerticalLayout section = new VerticalLayout(new H3(Translations.t("versions.title")), grid);
        section.setPadding(false);
        // the versions are polled while the section is shown, its figures pushed after each round
        section.addAttachListener(attach -> {
            UI ui = attach.getUI();
            var watching = rollouts.subscribe(
                    viewer,
                    factoryId,
                    () -> ui.access(() -> {
                        try {
                            grid.setItems(rollouts.compare(viewer, factoryId));
                        } catch (java.util.NoSuchElementException deleted) {
                            // the factory went while its page was open: nothing left to compare (was an error per
                            // round)
                        }
                    }));
            section.addDetachListener(detach -> {
                watching.remove();
                detach.unregisterListener();
            });
        });
        return Optional.of(section);
    }

    static String number(Double value, String format) {
        return value == null ? "—" : String.format(Translations.locale(), format, value);
    }
}
