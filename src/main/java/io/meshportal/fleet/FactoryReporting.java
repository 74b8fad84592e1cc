package io.meshportal.fleet;

import com.vaadin.flow.shared.Registration;
import io.meshportal.security.Viewer;

/**
 * Tells when a factory has sent its first telemetry, so the create dialog can close once the new factory is live.
 * The telemetry feature implements it: telemetry depends on the fleet, never the other way round.
 */
public interface FactoryReporting {

    /** Runs {@code then} once, on a background thread, as soon as the factory's first sample has arrived. */
    Registration whenReporting(Viewer viewer, String factoryId, Runnable then);
}
