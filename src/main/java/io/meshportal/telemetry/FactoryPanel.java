package io.meshportal.telemetry;

import com.vaadin.flow.component.Component;
import io.meshportal.security.Viewer;
import java.util.Optional;

/**
 * A section another feature adds to a factory's page (its versions side by side, for one), without the page
 * knowing that feature: the features above telemetry implement it, the page shows what they give.
 */
public interface FactoryPanel {

    /** The section for this viewer and factory, or empty when there is nothing to show. */
    Optional<Component> create(Viewer viewer, String factoryId);
}
