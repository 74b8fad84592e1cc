package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.html.Div;
import io.meshportal.base.ui.KpiTile;
import io.meshportal.base.ui.Translations;
import io.meshportal.telemetry.FleetTotals;

/** The dashboard's key figures: output, materials in, OEE, and how many factories are up, as tiles in a row. */
class FleetFigures extends Div {

    private final KpiTile output = new KpiTile(Translations.t("kpi.products-out"), "kpi-output");
    private final KpiTile input = new KpiTile(Translations.t("kpi.materials-in"), "kpi-input");
    private final KpiTile oee = new KpiTile(Translations.t("dashboard.kpi.oee"), "kpi-oee");
    private final KpiTile factories = new KpiTile(Translations.t("dashboard.kpi.factories"), "kpi-factories");

    FleetFigures() {
        add(output, input, oee, factories);
        addClassName("kpi-row");
    }

    void show(FleetTotals t) {
        output.set(
                getTranslation("unit.per-minute", Format.rate(t.outputRatePerMinute())),
                getTranslation("kpi.made-today", Format.count(t.outputTotal()), Format.count(t.rejectedTotal())));
        input.set(
                getTranslation("unit.per-minute", Format.rate(t.inputRatePerMinute())),
                t.inputTotals().entrySet().stream()
                        .map(e -> e.getKey() + " " + Format.count(e.getValue()))
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("—"));
        oee.set(Format.percent(t.oee().oee()), Format.factors(t.oee()));
        factories.set(
                t.up() + t.degraded() + " / " + t.factories(),
                getTranslation("dashboard.kpi.factories.detail", t.down(), t.degraded()));
        factories.setTone(t.down() > 0 ? "bad" : t.degraded() > 0 ? "warn" : "good");
    }
}
