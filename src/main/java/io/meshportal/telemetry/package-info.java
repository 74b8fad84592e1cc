/**
 * Polling every factory, history, fleet totals, and the live views that show them.
 *
 * <p>A Spring Modulith application module; the dependencies it may have are declared here and verified by
 * {@code ModularityTest}.
 */
@ApplicationModule(allowedDependencies = {"base", "base::ui", "security", "fleet", "factory", "calendar"})
package io.meshportal.telemetry;

import org.springframework.modulith.ApplicationModule;
