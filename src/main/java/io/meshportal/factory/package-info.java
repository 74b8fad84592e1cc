/**
 * The factory simulator and its HTTP API: runs standalone in its own process, so it depends on nothing.
 *
 * <p>A Spring Modulith application module; the dependencies it may have are declared here and verified by
 * {@code ModularityTest}.
 */
@ApplicationModule(allowedDependencies = {})
package io.meshportal.factory;

import org.springframework.modulith.ApplicationModule;
