/**
 * The application shell above the features: main layout with menu and alert bell, and first-start seeding
 * across features.
 *
 * <p>A Spring Modulith application module; the dependencies it may have are declared here and verified by
 * {@code ModularityTest}.
 */
@ApplicationModule(allowedDependencies = {"base", "base::ui", "security", "fleet", "alerts"})
package io.meshportal.shell;

import org.springframework.modulith.ApplicationModule;
