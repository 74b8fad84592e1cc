/**
 * The fleet port and its adapters ({@code fleet.local}, {@code fleet.kubernetes}), the traffic port to the
 * mesh, and the fleet's views.
 *
 * <p>A Spring Modulith application module; the dependencies it may have are declared here and verified by
 * {@code ModularityTest}.
 */
@ApplicationModule(allowedDependencies = {"base", "base::ui", "security", "audit", "factory"})
package io.meshportal.fleet;

import org.springframework.modulith.ApplicationModule;
