package io.meshportal.fleet;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;

/** How other features link into the fleet's views without knowing them. */
public final class FleetRoutes {

    public static final String FLEET = "fleet";
    static final String CREATE = "create";

    private FleetRoutes() {}

    /** Opens the factories page with the create dialog open. */
    public static void openCreateFactory(UI ui) {
        ui.navigate(FLEET, QueryParameters.of(CREATE, ""));
    }

    /** Whether a navigation to the factories page asked for the create dialog. */
    public static boolean asksForCreate(QueryParameters parameters) {
        return parameters.getParameters().containsKey(CREATE);
    }
}
