package io.meshportal.mesh.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.fleet.MtlsMode;
import io.meshportal.mesh.MeshPolicy;
import io.meshportal.mesh.MeshRequestException;
import io.meshportal.mesh.MeshService;
import io.meshportal.security.Viewer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One factory's traffic policy as a form: timeouts, retries, connection limits, outlier ejection, mTLS and the
 * allowed callers, written to the mesh off the UI thread. The version split is shown, not edited (rollouts own it);
 * a viewer who may not manage the fleet sees the form read-only.
 */
class MeshPolicyForm extends VerticalLayout {

    MeshPolicyForm(MeshService mesh, Viewer viewer, String factoryId, MeshPolicy p, boolean editable) {
        TextField timeout = new TextField(
                getTranslation("mesh.timeout.field"), String.valueOf(p.timeout().toMillis()), "");
        IntegerField attempts = integer(getTranslation("mesh.retries"), p.retryAttempts());
        TextField perTry = new TextField(
                getTranslation("mesh.per-try"),
                p.perTryTimeout() == null
                        ? ""
                        : String.valueOf(p.perTryTimeout().toMillis()),
                "");
        TextField retryOn = new TextField(getTranslation("mesh.retry-on"), p.retryOn() == null ? "" : p.retryOn(), "");
        IntegerField maxConnections = integer(getTranslation("mesh.max-connections"), p.maxConnections());
        IntegerField maxPending = integer(getTranslation("mesh.max-pending"), p.maxPendingRequests());
        IntegerField consecutive = integer(getTranslation("mesh.eject-after"), p.consecutive5xxErrors());
        TextField ejection = new TextField(
                getTranslation("mesh.ejection-time"),
                String.valueOf(p.baseEjectionTime().toSeconds()),
                "");
        TextField stableVersion = new TextField(getTranslation("mesh.stable-version"), p.stableVersion(), "");
        TextField canaryVersion = new TextField(
                getTranslation("mesh.canary-version"), p.canaryVersion() == null ? "" : p.canaryVersion(), "");
        IntegerField stableWeight = integer(getTranslation("mesh.stable-weight"), p.stableWeight());
        IntegerField canaryWeight = integer(getTranslation("mesh.canary-weight"), p.canaryWeight());
        ComboBox<MtlsMode> mtls = new ComboBox<>(getTranslation("mesh.mtls"), MtlsMode.values());
        mtls.setValue(p.mtls());
        TextField principals =
                new TextField(getTranslation("mesh.principals"), String.join(",", p.allowedPrincipals()), "");
        principals.setWidthFull();
        canaryWeight.setId("mesh-canary-weight");
        Map<String, HasValidation> fields = new HashMap<>(Map.of(
                "timeout",
                timeout,
                "retryAttempts",
                attempts,
                "perTryTimeout",
                perTry,
                "retryOn",
                retryOn,
                "maxConnections",
                maxConnections,
                "maxPendingRequests",
                maxPending,
                "consecutive5xxErrors",
                consecutive,
                "baseEjectionTime",
                ejection,
                "stableVersion",
                stableVersion,
                "canaryVersion",
                canaryVersion));
        fields.put("canaryWeight", canaryWeight);
        fields.put("mtls", mtls);
        fields.put("allowedPrincipals", principals);
        // stable ids for every field (tests, scripts and assistive tools find them by name)
        fields.forEach((key, field) ->
                ((Component) field).setId(((Component) field).getId().orElse("mesh-" + key)));
        stableWeight.setId("mesh-stable-weight");
        FormLayout form = new FormLayout(
                timeout,
                attempts,
                perTry,
                retryOn,
                maxConnections,
                maxPending,
                consecutive,
                ejection,
                stableVersion,
                canaryVersion,
                stableWeight,
                canaryWeight,
                mtls,
                principals);
        fields.values().forEach(f -> ((HasValue<?, ?>) f).setReadOnly(!editable));
        // the split belongs to the factory's versions: changed by rollouts, shown here as the mesh has it
        for (var split : List.of(stableVersion, canaryVersion)) {
            split.setReadOnly(true);
            split.setHelperText(getTranslation("mesh.set-on-rollouts"));
        }
        stableWeight.setReadOnly(true);
        canaryWeight.setReadOnly(true);
        canaryWeight.setHelperText(getTranslation("mesh.set-on-rollouts"));
        Button apply = new Button(getTranslation("mesh.apply"), e -> {
            FieldProblems.clear(fields);
            MeshPolicy policy = new MeshPolicy(
                    millis(timeout.getValue()),
                    value(attempts),
                    millis(perTry.getValue()),
                    retryOn.getValue(),
                    value(maxConnections),
                    value(maxPending),
                    value(consecutive),
                    seconds(ejection.getValue()),
                    stableVersion.getValue().trim(),
                    canaryVersion.getValue().trim(),
                    value(stableWeight),
                    value(canaryWeight),
                    mtls.getValue(),
                    Arrays.stream(principals.getValue().split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList());
            apply(mesh, viewer, factoryId, policy, e.getSource(), fields);
        });
        apply.setId("mesh-apply");
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        apply.setVisible(editable);
        add(form, apply);
        if (!editable) {
            addComponentAsFirst(new Paragraph(getTranslation("mesh.view-only")));
        }
    }

    /** Written off the UI thread, like every read: the config cluster may be slow or gone. */
    private void apply(
            MeshService mesh,
            Viewer viewer,
            String factoryId,
            MeshPolicy policy,
            Button source,
            Map<String, HasValidation> fields) {
        source.setEnabled(false);
        UI ui = UI.getCurrent();
        CompletableFuture.runAsync(() -> mesh.apply(viewer, factoryId, policy), MeshView.READS)
                .orTimeout(MeshView.ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, error) -> ui.access(() -> {
                    source.setEnabled(true);
                    Throwable cause = error != null && error.getCause() != null ? error.getCause() : error;
                    if (cause == null) {
                        Notification.show(getTranslation("mesh.applied", factoryId));
                        ui.navigate(MeshView.class, factoryId);
                    } else if (cause instanceof MeshRequestException ex) {
                        FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
                    } else {
                        Notification.show(
                                getTranslation(
                                        "mesh.apply.failed",
                                        cause instanceof java.util.concurrent.TimeoutException
                                                ? getTranslation("mesh.no-answer", MeshView.ANSWER_WITHIN.toSeconds())
                                                : cause.getMessage()),
                                6000,
                                Notification.Position.MIDDLE);
                    }
                }));
    }

    private static IntegerField integer(String label, int value) {
        IntegerField field = new IntegerField(label);
        field.setValue(value);
        return field;
    }

    private static int value(IntegerField field) {
        return field.getValue() == null ? -1 : field.getValue();
    }

    private static Duration millis(String text) {
        try {
            return text == null || text.isBlank() ? null : Duration.ofMillis(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Duration.ZERO; // reported by validation as out of range
        }
    }

    private static Duration seconds(String text) {
        try {
            return Duration.ofSeconds(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }
}
