/**
 * Consistent database copies while the portal runs, for administrators.
 *
 * <p>A Spring Modulith application module; the dependencies it may have are declared here and verified by
 * {@code ModularityTest}.
 */
@ApplicationModule(allowedDependencies = {"base", "base::ui", "security", "audit"})
package io.meshportal.backup;

import org.springframework.modulith.ApplicationModule;
