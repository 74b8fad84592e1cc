package io.meshportal.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI 3 document's header; springdoc reads the operations from the controllers. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info =
                @Info(
                        title = "MeshPortal API",
                        version = "v1",
                        description =
                                "Factories, telemetry, alerts, mesh policy and audit, with the caller's role and"
                                        + " factory scope. Authenticate with a personal access token made on your account page."),
        security = @SecurityRequirement(name = "token"))
@SecurityScheme(name = "token", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "mpat_…")
class OpenApiDocument {}
