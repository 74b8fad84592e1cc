package io.meshportal.fleet;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param firstTelemetryTimeout how long the create dialog waits for a new factory's first sample before it says
 *     that the factory runs but its telemetry does not reach the portal
 */
@ConfigurationProperties("meshportal.fleet")
public record FleetProperties(@DefaultValue("60s") Duration firstTelemetryTimeout) {}
