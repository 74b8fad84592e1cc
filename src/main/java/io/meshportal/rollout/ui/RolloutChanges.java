package io.meshportal.rollout.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.notification.Notification;
import io.meshportal.base.InvalidRequestException;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.base.ui.Translations;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How the Rollouts page makes a change (start, weigh, promote, roll back): off the UI thread, its button disabled
 * meanwhile; then the page is rebuilt, or the problems go next to their fields, or to a notification.
 */
final class RolloutChanges {

    /** Deploying, promoting and rolling back take seconds to minutes: never on the UI thread. */
    private static final ExecutorService CHANGES = Executors.newVirtualThreadPerTaskExecutor();

    private final Runnable afterChange;

    /** @param afterChange rebuilds the page once a change went through */
    RolloutChanges(Runnable afterChange) {
        this.afterChange = afterChange;
    }

    /** Runs a change off the UI thread; field problems go next to their fields, other failures to a notification. */
    void run(Button source, Runnable change, Map<String, ? extends HasValidation> fields, String done) {
        source.setEnabled(false);
        FieldProblems.clear(fields);
        UI ui = UI.getCurrent();
        CompletableFuture.runAsync(change, CHANGES)
                .whenComplete((ok, error) -> ui.access(() -> {
                    source.setEnabled(true);
                    Throwable cause = error != null && error.getCause() != null ? error.getCause() : error;
                    if (cause == null) {
                        Notification.show(done);
                        afterChange.run();
                    } else if (cause instanceof InvalidRequestException ex) {
                        FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
                    } else {
                        Notification.show(Translations.t("rollouts.failed", cause.getMessage()));
                    }
                }));
    }
}
