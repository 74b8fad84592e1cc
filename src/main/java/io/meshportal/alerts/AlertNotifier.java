package io.meshportal.alerts;

import com.vaadin.flow.shared.Registration;
import io.meshportal.base.Subscribers;
import io.meshportal.security.Viewer;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Tells people: live alerts to the subscribed UIs that may see them, and each rule's webhook (on its own virtual
 * thread, the outcome stored with the alert and published again).
 */
@Component
class AlertNotifier {

    private final AlertLedger ledger;
    private final WebhookSender webhooks;
    private final ExecutorService webhookPool = Executors.newVirtualThreadPerTaskExecutor();
    private final Subscribers<Viewer, AlertView> subscribers = new Subscribers<>();

    AlertNotifier(AlertLedger ledger, AlertsProperties properties, java.time.Clock clock) {
        this.ledger = ledger;
        this.webhooks = new WebhookSender(
                Duration.ofSeconds(2),
                Duration.ofMillis(500),
                new WebhookPolicy(properties.webhookAllowedHosts()),
                clock);
    }

    Registration subscribe(Viewer viewer, Consumer<AlertView> listener) {
        return subscribers.add(viewer, listener);
    }

    void publish(AlertView alert) {
        subscribers.publish(viewer -> AlertService.visible(viewer, alert) ? alert : null);
    }

    /** @param state FIRING or RESOLVED */
    void webhook(String url, String secret, AlertView alert, String state) {
        if (url == null) {
            return;
        }
        webhookPool.submit(() -> {
            String status = webhooks.send(url, secret, alert, state);
            ledger.webhookStatus(alert.id(), status).ifPresent(this::publish);
        });
    }

    @PreDestroy
    void stop() {
        webhookPool.shutdownNow();
    }
}
