package io.meshportal.fleet.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationResult;
import com.vaadin.flow.shared.Registration;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.base.ui.Inputs;
import io.meshportal.base.ui.Translations;
import io.meshportal.fleet.FactoryReporting;
import io.meshportal.fleet.FleetRequestException;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.ProductMix;
import io.meshportal.security.Viewer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Create factory: each problem is shown next to its field and nothing is created until the form is valid; then
 * the dialog shows progress until the new factory's first telemetry arrives.
 */
class CreateFactoryDialog extends Dialog {

    /** The form's values; turned into a {@link NewFactory} on submit. */
    static final class Form {
        String id = "";
        String name = "";
        String country = "";
        String cluster = "";
        ProductMix mix = ProductMix.FURNITURE;
        Integer capacity = 4;
        Integer replicas = 1;

        NewFactory request() {
            return new NewFactory(
                    id == null ? "" : id.trim(),
                    name == null ? "" : name.trim(),
                    country == null ? "" : country.trim().toUpperCase(Locale.ROOT),
                    cluster,
                    mix,
                    capacity == null ? 0 : capacity,
                    replicas == null ? 0 : replicas);
        }
    }

    private final FleetService fleet;
    private final FactoryReporting reporting;
    private final Viewer viewer;
    private final Binder<Form> binder = new Binder<>();
    private final TextField id = new TextField(Translations.t("column.id"));
    private final TextField name = new TextField(Translations.t("create.name"));
    private final TextField country = new TextField(Translations.t("column.country"));
    private final ComboBox<ProductMix> mix = new ComboBox<>(Translations.t("create.mix"));
    private final ComboBox<String> cluster = new ComboBox<>(Translations.t("column.cluster"));
    private final IntegerField capacity = new IntegerField(Translations.t("create.capacity"));
    private final IntegerField replicas = new IntegerField(Translations.t("fleet.replicas"));
    private final ProgressBar progress = new ProgressBar();
    private final Span step = new Span();
    private final Button create = new Button(Translations.t("create.submit"));
    private final Button cancel = new Button(Translations.t("action.cancel"), e -> close());
    private Registration waitingForTelemetry;

    CreateFactoryDialog(FleetService fleet, FactoryReporting reporting, Viewer viewer) {
        this.fleet = fleet;
        this.reporting = reporting;
        this.viewer = viewer;
        progress.getElement().setAttribute("aria-label", getTranslation("create.progress"));
        setHeaderTitle(getTranslation("fleet.create"));
        setId("create-factory-dialog");
        id.setHelperText(getTranslation("create.id.help"));
        id.setId("factory-id");
        name.setId("factory-name");
        country.setId("factory-country");
        country.setHelperText(getTranslation("create.country.help"));
        java.util.List<String> clusters =
                fleet.clusters(viewer).stream().map(c -> c.name()).toList();
        cluster.setItems(clusters);
        cluster.setId("factory-cluster");
        cluster.setHelperText(getTranslation("create.cluster.help"));
        mix.setItems(ProductMix.values());
        mix.setItemLabelGenerator(m -> getTranslation("mix." + m.name()));
        mix.setId("factory-mix");
        Inputs.bounded(capacity, 1, NewFactory.MAX_CAPACITY);
        capacity.setId("factory-capacity");
        Inputs.bounded(replicas, 1, NewFactory.MAX_REPLICAS);
        replicas.setId("factory-replicas");

        bind(id, "id", f -> f.id, (f, v) -> f.id = v, binder.forField(id));
        bind(name, "name", f -> f.name, (f, v) -> f.name = v, binder.forField(name));
        bind(country, "country", f -> f.country, (f, v) -> f.country = v, binder.forField(country));
        binder.forField(cluster)
                .asRequired(Translations.t("create.cluster.required"))
                .bind(f -> f.cluster, (f, v) -> f.cluster = v);
        binder.forField(mix)
                .withValidator((v, c) -> problem("mix", f -> f.mix = v))
                .bind(f -> f.mix, (f, v) -> f.mix = v);
        binder.forField(capacity)
                .withValidator((v, c) -> problem("capacity", f -> f.capacity = v))
                .bind(f -> f.capacity, (f, v) -> f.capacity = v);
        binder.forField(replicas)
                .withValidator((v, c) -> problem("replicas", f -> f.replicas = v))
                .bind(f -> f.replicas, (f, v) -> f.replicas = v);
        Form initial = new Form();
        initial.cluster = clusters.isEmpty() ? "" : clusters.getFirst();
        binder.setBean(initial);

        progress.setIndeterminate(true);
        progress.setVisible(false);
        step.setId("create-step");
        FormLayout form = new FormLayout(id, name, country, cluster, mix, capacity, replicas);
        add(form, progress, step);
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setId("create-submit");
        create.addClickListener(e -> submit());
        getFooter().add(cancel, create);
        addDetachListener(e -> stopWaiting());
    }

    private void bind(
            TextField field,
            String key,
            com.vaadin.flow.function.ValueProvider<Form, String> getter,
            com.vaadin.flow.data.binder.Setter<Form, String> setter,
            Binder.BindingBuilder<Form, String> builder) {
        builder.withValidator((v, c) -> problem(key, f -> setter.accept(f, v))).bind(getter, setter);
    }

    /** Validates one field with the same rules the service applies (NewFactory.problems). */
    private ValidationResult problem(String key, java.util.function.Consumer<Form> apply) {
        Form probe = new Form();
        Form current = binder.getBean();
        if (current != null) {
            probe.id = current.id;
            probe.name = current.name;
            probe.country = current.country;
            probe.cluster = current.cluster;
            probe.mix = current.mix;
            probe.capacity = current.capacity;
            probe.replicas = current.replicas;
        }
        apply.accept(probe);
        NewFactory request = probe.request();
        String message = request.problems().get(key);
        if (message == null && key.equals("id") && fleet.exists(request.id())) {
            message = getTranslation("create.id.taken");
        }
        return message == null ? ValidationResult.ok() : ValidationResult.error(message);
    }

    private void submit() {
        if (!binder.validate().isOk()) {
            return;
        }
        NewFactory request = binder.getBean().request();
        UI ui = UI.getCurrent();
        setWorking(true, getTranslation("create.creating", request.id()));
        try {
            fleet.create(viewer, request, message -> ui.access(() -> step.setText(message)))
                    .whenComplete((ref, error) -> ui.access(() -> {
                        if (error != null) {
                            setWorking(false, "");
                            Throwable cause = error.getCause() != null ? error.getCause() : error;
                            notifyError(getTranslation("create.failed", request.id(), cause.getMessage()));
                        } else {
                            step.setText(getTranslation("create.waiting", ref.id()));
                            awaitFirstTelemetry(ui, ref.id());
                        }
                    }));
        } catch (FleetRequestException e) {
            setWorking(false, "");
            showProblems(e.problems());
        }
    }

    private void awaitFirstTelemetry(UI ui, String factoryId) {
        waitingForTelemetry = reporting.whenReporting(viewer, factoryId, () -> {
            try {
                ui.access(() -> {
                    stopWaiting();
                    Notification n = Notification.show(
                            getTranslation("create.live", factoryId), 4000, Notification.Position.BOTTOM_START);
                    n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    close();
                });
            } catch (com.vaadin.flow.component.UIDetachedException closed) {
                // the screen went away meanwhile: nobody is waiting any more
            }
        });
        Duration timeout = fleet.firstTelemetryTimeout();
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    try {
                        ui.access(() -> {
                            if (waitingForTelemetry != null) {
                                stopWaiting();
                                noTelemetry(factoryId, timeout);
                            }
                        });
                    } catch (com.vaadin.flow.component.UIDetachedException closed) {
                        // the screen went away meanwhile: nobody is waiting any more
                    }
                });
    }

    /** The factory runs, but its telemetry does not reach the portal: say so and what to check; never wait forever. */
    private void noTelemetry(String factoryId, Duration timeout) {
        progress.setVisible(false);
        step.setText(getTranslation("create.silent", factoryId, timeout.toSeconds()));
        step.addClassName("error-text");
        create.setVisible(false);
        cancel.setText(getTranslation("action.close"));
    }

    private void stopWaiting() {
        if (waitingForTelemetry != null) {
            waitingForTelemetry.remove();
            waitingForTelemetry = null;
        }
    }

    private void showProblems(Map<String, String> problems) {
        Map<String, com.vaadin.flow.component.HasValidation> fields = Map.of(
                "id",
                id,
                "name",
                name,
                "country",
                country,
                "cluster",
                cluster,
                "mix",
                mix,
                "capacity",
                capacity,
                "replicas",
                replicas);
        FieldProblems.show(fields, problems).forEach(CreateFactoryDialog::notifyError);
    }

    private void setWorking(boolean working, String text) {
        progress.setVisible(working);
        step.setText(text);
        create.setEnabled(!working);
        id.setReadOnly(working);
        name.setReadOnly(working);
        country.setReadOnly(working);
        cluster.setReadOnly(working);
        mix.setReadOnly(working);
        capacity.setReadOnly(working);
        replicas.setReadOnly(working);
    }

    private static void notifyError(String message) {
        Notification n = Notification.show(message, 6000, Notification.Position.MIDDLE);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
}
