/**
 * Shared kernel: data source, clock, input errors, CSV and spooled exports; shared UI pieces in {@code base.ui}.
 * Depends on no feature.
 *
 * <p>A Spring Modulith application module; the dependencies it may have are declared here and verified by
 * {@code ModularityTest}.
 */
@ApplicationModule(allowedDependencies = {})
package io.meshportal.base;

import org.springframework.modulith.ApplicationModule;
