package io.meshportal.alerts.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.meshportal.alerts.AlertRequestException;
import io.meshportal.alerts.AlertService;
import io.meshportal.alerts.AlertView;
import io.meshportal.alerts.RuleKind;
import io.meshportal.alerts.RuleSpec;
import io.meshportal.alerts.RuleView;
import io.meshportal.alerts.Severity;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.base.ui.Live;
import io.meshportal.base.ui.Translations;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Alert history with filters and acknowledgement, and the rules (editable by office roles). */
@Route("alerts")
@Menu(order = 4, title = "Alerts", icon = "BELL")
@PermitAll
class AlertsView extends VerticalLayout implements com.vaadin.flow.router.HasDynamicTitle {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final String ANY = "ANY";
    static final String ACTIVE = "ACTIVE";
    static final String RESOLVED = "RESOLVED";

    private final AlertService alerts;
    private final Viewer viewer;
    private final ListDataProvider<AlertView> history;
    private final Grid<AlertView> historyGrid = new Grid<>();
    private final Grid<RuleView> rulesGrid = new Grid<>();
    private final Select<String> state = new Select<>();
    private final Select<String> severity = new Select<>();
    private final TextField text = new TextField();

    AlertsView(AlertService alerts, CurrentUser currentUser) {
        this.alerts = alerts;
        this.viewer = currentUser.require();
        setId("alerts-view");
        history = new ListDataProvider<>(new java.util.ArrayList<>(alerts.history(viewer, 500)));
        state.setItems(ANY, ACTIVE, RESOLVED);
        state.setItemLabelGenerator(v -> getTranslation("alerts.filter." + v));
        state.setValue(ANY);
        state.setLabel(getTranslation("column.state"));
        severity.setItems(ANY, "INFO", "WARNING", "CRITICAL");
        severity.setItemLabelGenerator(
                v -> ANY.equals(v) ? getTranslation("alerts.filter.ANY") : getTranslation("severity." + v));
        severity.setValue(ANY);
        severity.setLabel(getTranslation("alerts.severity"));
        text.setLabel(getTranslation("alerts.filter.text"));
        text.setId("alert-filter");
        state.addValueChangeListener(e -> filter());
        severity.addValueChangeListener(e -> filter());
        text.addValueChangeListener(e -> filter());

        historyGrid.setId("alert-grid");
        historyGrid.setDataProvider(history);
        historyGrid.addColumn(a -> TIME.format(a.firedAt())).setHeader(getTranslation("alerts.fired"));
        historyGrid
                .addColumn(a -> Translations.t("severity." + a.severity().name()))
                .setHeader(getTranslation("alerts.severity"));
        historyGrid.addColumn(AlertView::ruleName).setHeader(getTranslation("alerts.rule"));
        historyGrid.addColumn(AlertView::subject).setHeader(getTranslation("alerts.on"));
        historyGrid
                .addColumn(a -> Translations.t(
                        "alerts.value",
                        String.format(Translations.locale(), "%.1f", a.value()),
                        String.format(Translations.locale(), "%.1f", a.threshold())))
                .setHeader(getTranslation("alerts.value.header"));
        historyGrid
                .addColumn(a -> a.active()
                        ? Translations.t("alerts.active")
                        : Translations.t("alerts.resolved", TIME.format(a.resolvedAt())))
                .setHeader(getTranslation("column.state"));
        historyGrid
                .addColumn(a -> a.acknowledgedBy() == null ? "" : Translations.t("alerts.by", a.acknowledgedBy()))
                .setHeader(getTranslation("alerts.acknowledged"));
        historyGrid
                .addColumn(a -> a.webhookStatus() == null ? "" : a.webhookStatus())
                .setHeader(getTranslation("alerts.webhook"));
        historyGrid.addComponentColumn(a -> {
            Button ack = new Button(Translations.t("alerts.acknowledge"), e -> alerts.acknowledge(viewer, a.id()));
            ack.addThemeVariants(ButtonVariant.LUMO_SMALL);
            ack.setVisible(a.acknowledgedBy() == null);
            return ack;
        });

        Button newRule = new Button(getTranslation("alerts.new-rule"), e -> openRule(null));
        newRule.setId("new-rule");
        newRule.setVisible(viewer.seesAllFactories());
        rulesGrid.setId("rule-grid");
        rulesGrid.addColumn(r -> r.spec().name()).setHeader(getTranslation("alerts.rule"));
        rulesGrid
                .addColumn(r -> Translations.t("rule." + r.spec().kind().name()))
                .setHeader(getTranslation("alerts.watches"));
        rulesGrid.addColumn(r -> r.spec().threshold()).setHeader(getTranslation("alerts.threshold"));
        rulesGrid.addColumn(r -> r.spec().holdSeconds() + " s").setHeader(getTranslation("alerts.for"));
        rulesGrid
                .addColumn(r -> Translations.t("severity." + r.spec().severity().name()))
                .setHeader(getTranslation("alerts.severity"));
        rulesGrid
                .addColumn(r -> r.spec().factoryId() == null
                        ? Translations.t("alerts.scope.all")
                        : r.spec().factoryId())
                .setHeader(getTranslation("alerts.scope"));
        rulesGrid
                .addColumn(r -> Translations.t(r.enabled() ? "alerts.on-state" : "fleet.autoscaling.off"))
                .setHeader(getTranslation("alerts.enabled"));
        if (viewer.seesAllFactories()) {
            rulesGrid.addComponentColumn(r -> new HorizontalLayout(
                    small(Translations.t("alerts.edit"), () -> openRule(r)),
                    small(Translations.t(r.enabled() ? "alerts.disable" : "alerts.enable"), () -> {
                        alerts.setRuleEnabled(viewer, r.id(), !r.enabled());
                        refreshRules();
                    }),
                    small(Translations.t("fleet.delete"), () -> {
                        alerts.deleteRule(viewer, r.id());
                        refreshRules();
                    })));
        }
        rulesGrid.setAllRowsVisible(true);
        HorizontalLayout filters = new HorizontalLayout(state, severity, text);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        HorizontalLayout rulesHeader = new HorizontalLayout(new H3(getTranslation("alerts.rules")), newRule);
        rulesHeader.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(new H2(getTranslation("menu.alerts")), filters, historyGrid, rulesHeader, rulesGrid);
        refreshRules();
    }

    private static Button small(String text, Runnable action) {
        Button b = new Button(text, e -> action.run());
        b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return b;
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        UI ui = event.getUI();
        Live.untilDetach(
                this,
                alerts.subscribe(
                        viewer,
                        alert -> ui.access(() -> {
                            var items = history.getItems();
                            items.removeIf(a -> a.id().equals(alert.id()));
                            ((java.util.List<AlertView>) items).addFirst(alert);
                            history.refreshAll();
                        })));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.alerts"));
    }

    private void filter() {
        String needle = text.getValue() == null ? "" : text.getValue().toLowerCase(Locale.ROOT);
        history.setFilter(a -> (ANY.equals(state.getValue()) || (ACTIVE.equals(state.getValue()) == a.active()))
                && (ANY.equals(severity.getValue()) || a.severity().name().equals(severity.getValue()))
                && (needle.isBlank()
                        || a.ruleName().toLowerCase(Locale.ROOT).contains(needle)
                        || a.subject().toLowerCase(Locale.ROOT).contains(needle)));
    }

    private void refreshRules() {
        rulesGrid.setItems(alerts.rules(viewer));
    }

    private void openRule(RuleView existing) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(
                existing == null
                        ? getTranslation("alerts.rule.new")
                        : getTranslation("alerts.rule.edit", existing.spec().name()));
        TextField name = new TextField(getTranslation("create.name"));
        name.setId("rule-name");
        ComboBox<RuleKind> kind = new ComboBox<>(getTranslation("alerts.watches"));
        kind.setItems(RuleKind.values());
        kind.setItemLabelGenerator(k -> getTranslation("rule." + k.name()));
        kind.setId("rule-kind");
        NumberField threshold = new NumberField(getTranslation("alerts.threshold"));
        threshold.setId("rule-threshold");
        IntegerField hold = new IntegerField(getTranslation("alerts.for.seconds"));
        hold.setId("rule-hold");
        ComboBox<Severity> sev = new ComboBox<>(getTranslation("alerts.severity"));
        sev.setItems(Severity.values());
        sev.setItemLabelGenerator(v -> getTranslation("severity." + v.name()));
        TextField factory = new TextField(getTranslation("alerts.factory"));
        factory.setId("rule-factory");
        TextField webhook = new TextField(getTranslation("alerts.webhook.url"));
        webhook.setHelperText(getTranslation("alerts.webhook.help"));
        webhook.setId("rule-webhook");
        if (existing != null) {
            RuleSpec s = existing.spec();
            name.setValue(s.name());
            kind.setValue(s.kind());
            threshold.setValue(s.threshold());
            hold.setValue(s.holdSeconds());
            sev.setValue(s.severity());
            factory.setValue(s.factoryId() == null ? "" : s.factoryId());
            webhook.setValue(s.webhookUrl() == null ? "" : s.webhookUrl());
            if (existing.webhookSecret() != null) {
                // what the receiver verifies X-MeshPortal-Signature-256 with (HMAC-SHA256 of "<timestamp>.<body>")
                webhook.setHelperText(getTranslation("alerts.webhook.secret", existing.webhookSecret()));
            }
        } else {
            hold.setValue(30);
            sev.setValue(Severity.WARNING);
        }
        Map<String, com.vaadin.flow.component.HasValidation> fields = Map.of(
                "name",
                name,
                "kind",
                kind,
                "threshold",
                threshold,
                "holdSeconds",
                hold,
                "severity",
                sev,
                "factoryId",
                factory,
                "webhookUrl",
                webhook);
        Button save = new Button(getTranslation("action.save"), e -> {
            FieldProblems.clear(fields);
            RuleSpec spec = new RuleSpec(
                    name.getValue(),
                    kind.getValue(),
                    threshold.getValue() == null ? Double.NaN : threshold.getValue(),
                    hold.getValue() == null ? -1 : hold.getValue(),
                    sev.getValue(),
                    factory.getValue(),
                    webhook.getValue());
            try {
                alerts.saveRule(viewer, existing == null ? null : existing.id(), spec);
                dialog.close();
                refreshRules();
            } catch (AlertRequestException ex) {
                FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
            }
        });
        save.setId("save-rule");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new FormLayout(name, kind, threshold, hold, sev, factory, webhook));
        dialog.getFooter().add(new Button(getTranslation("action.cancel"), e -> dialog.close()), save);
        dialog.open();
    }
}
