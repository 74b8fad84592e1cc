/**
 * The HTTP API for automation ({@code /api/v1}): the same services the views use, called with the viewer a
 * personal access token stands for, so role and factory scope hold exactly as in the UI. JSON in and out, errors
 * with the forms' field messages, an OpenAPI 3 document at {@code /api/v1/openapi.json}, every call audited with
 * the token's name.
 *
 * <p>A Spring Modulith application module; the dependencies it may have are declared here and verified by
 * {@code ModularityTest}.
 */
@ApplicationModule(
        allowedDependencies = {
            "base",
            "security",
            "factory",
            "fleet",
            "telemetry",
            "alerts",
            "mesh",
            "audit",
            "manifests",
            "calendar"
        })
package io.meshportal.api;

import org.springframework.modulith.ApplicationModule;
