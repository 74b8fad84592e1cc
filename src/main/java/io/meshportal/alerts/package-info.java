/**
 * Alert rules, their evaluation on telemetry and nodes, history, acknowledgement and notification.
 *
 * <p>A Spring Modulith application module; the dependencies it may have are declared here and verified by
 * {@code ModularityTest}.
 */
@ApplicationModule(
        allowedDependencies = {"base", "base::ui", "security", "audit", "fleet", "telemetry", "mesh", "factory"})
package io.meshportal.alerts;

import org.springframework.modulith.ApplicationModule;
