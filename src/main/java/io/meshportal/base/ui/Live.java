package io.meshportal.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.shared.Registration;

/** Live subscriptions of views: pushes need an attached UI, and a detached view must stop receiving them. */
public final class Live {

    private Live() {}

    /** Removes the subscription when the component is next detached (call it from onAttach). */
    public static void untilDetach(Component component, Registration subscription) {
        component.addDetachListener(detach -> {
            subscription.remove();
            detach.unregisterListener();
        });
    }
}
