package io.meshportal.alerts;

import com.vaadin.flow.shared.Registration;
import io.meshportal.security.Viewer;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    private record Subscriber(Viewer viewer, Consumer<AlertView> listener) {}

    private final AlertLedger ledger;
    private final WebhookSender webhooks = new WebhookSender(Duration.ofSeconds(2), Duration.ofMillis(500));
    private final ExecutorService webhookPool = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    AlertNotifier(AlertLedger ledger) {
        this.ledger = ledger;
    }

    Registration subscribe(Viewer viewer, Consumer<AlertView> listener) {
        Subscriber s = new Subscriber(viewer, listener);
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    void publish(AlertView alert) {
        for (Subscriber s : subscribers) {
            if (AlertService.visible(s.viewer(), alert)) {
                try {
                    s.listener().accept(alert);
                } catch (RuntimeException gone) {
                    subscribers.remove(s);
                }
            }
        }
    }

    /** @param state FIRING or RESOLVED */
    void webhook(String url, AlertView alert, String state) {
        if (url == null) {
            return;
        }
        webhookPool.submit(() -> {
            String status = webhooks.send(url, alert, state);
            ledger.webhookStatus(alert.id(), status).ifPresent(this::publish);
        });
    }

    @PreDestroy
    void stop() {
        webhookPool.shutdownNow();
    }
}
