/**
 * Users, roles, the caller ({@code Viewer}) every service checks, sign-in and first-start accounts.
 *
 * <p>A Spring Modulith application module; the dependencies it may have are declared here and verified by
 * {@code ModularityTest}.
 */
@ApplicationModule(allowedDependencies = {"base", "base::ui"})
package io.meshportal.security;

import org.springframework.modulith.ApplicationModule;
