package io.meshportal.rollout.ui;

import com.vaadin.flow.component.grid.Grid;
import io.meshportal.fleet.Versions;
import io.meshportal.rollout.VersionFigures;
import java.util.List;

/**
 * A factory's versions side by side on the Rollouts page: replicas and share of requests as the fleet has them,
 * then each version's figures (output, rejects, OEE, request rate, errors, p99).
 */
class VersionsCompareGrid extends Grid<VersionFigures> {

    /** The factory's releases and weights, read with the figures shown (null before the first reading). */
    private Versions versions;

    VersionsCompareGrid() {
        setId("rollout-compare");
        addColumn(VersionFigures::version).setHeader(getTranslation("clusters.version"));
        addColumn(f -> release(f.version())).setHeader(getTranslation("rollouts.replicas"));
        addColumn(f -> weightOf(f.version()) + " %").setHeader(getTranslation("rollouts.requests"));
        addColumn(f -> String.valueOf(f.samples())).setHeader(getTranslation("versions.samples"));
        addColumn(f -> number(f.outputPerMinute(), "%.1f")).setHeader(getTranslation("versions.output"));
        addColumn(f -> number(f.rejectPercent(), "%.1f %%")).setHeader(getTranslation("versions.rejects"));
        addColumn(f -> number(f.oeePercent(), "%.1f %%")).setHeader(getTranslation("column.oee"));
        addColumn(f -> number(f.requestsPerSecond(), "%.2f")).setHeader(getTranslation("versions.rps"));
        addColumn(f -> number(f.errorPercent(), "%.1f %%")).setHeader(getTranslation("signals.errors"));
        addColumn(f -> number(f.p99Millis(), "%.0f ms")).setHeader("p99");
        setAllRowsVisible(true);
    }

    /** Shows a new reading: the releases first, so the rows are drawn with them. */
    void show(Versions versions, List<VersionFigures> figures) {
        this.versions = versions;
        setItems(figures);
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
}
