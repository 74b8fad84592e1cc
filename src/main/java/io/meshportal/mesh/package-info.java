/**
 * Traffic policy per factory in the portal's words, through the fleet's traffic port; drift and overview.
 *
 * <p>A Spring Modulith application module; the dependencies it may have are declared here and verified by
 * {@code ModularityTest}.
 */
@ApplicationModule(allowedDependencies = {"base", "base::ui", "security", "audit", "fleet", "telemetry"})
package io.meshportal.mesh;

import org.springframework.modulith.ApplicationModule;
