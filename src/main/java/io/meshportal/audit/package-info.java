/**
 * The append-only audit log, and the one way services refuse a caller ({@code AuditLog.denied}).
 *
 * <p>A Spring Modulith application module; the dependencies it may have are declared here and verified by
 * {@code ModularityTest}.
 */
@ApplicationModule(allowedDependencies = {"base", "base::ui", "security"})
package io.meshportal.audit;

import org.springframework.modulith.ApplicationModule;
