package io.meshportal.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Single sign-on through an OpenID Connect provider (Keycloak, Microsoft Entra ID, …), beside or instead of local
 * accounts. Off while {@code issuerUri} is empty. docs/SINGLE_SIGN_ON.md has worked examples.
 *
 * @param issuerUri     the provider's issuer; its discovery document is read from
 *                      {@code <issuer>/.well-known/openid-configuration} at the first sign-in, not at start, so a
 *                      provider that is down does not keep the portal (or local sign-in) from starting
 * @param clientId      the portal's client at the provider
 * @param clientSecret  its secret (from a Kubernetes Secret, e.g. MESHPORTAL_SECURITY_OIDC_CLIENT_SECRET)
 * @param displayName   what the sign-in button names, e.g. "Acme account"
 * @param usernameClaim the claim that becomes the portal user name
 * @param roleClaim     the claim holding groups or app roles (a list or one string)
 * @param roles         portal role → the claim values that grant it; several matches give the most privileged
 * @param factoryClaim  the claim holding a factory manager's factory id
 * @param timeout       for every call to the provider (discovery, keys, token, user info)
 */
@ConfigurationProperties("meshportal.security.oidc")
public record OidcProperties(
        String issuerUri,
        String clientId,
        String clientSecret,
        @DefaultValue("company account") String displayName,
        @DefaultValue("preferred_username") String usernameClaim,
        @DefaultValue("groups") String roleClaim,
        Map<Role, List<String>> roles,
        @DefaultValue("factory") String factoryClaim,
        @DefaultValue("5s") Duration timeout) {

    /** The one client registration's id, also the last segment of its callback path. */
    static final String REGISTRATION_ID = "oidc";

    public OidcProperties {
        roles = roles == null ? Map.of() : Map.copyOf(roles);
        if (issuerUri != null && !issuerUri.isBlank()) {
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException(
                        "meshportal.security.oidc.client-id is needed with meshportal.security.oidc.issuer-uri");
            }
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("meshportal.security.oidc.roles maps no claim value to a role:"
                        + " nobody could sign in (e.g. meshportal.security.oidc.roles.ADMIN=meshportal-admins)");
            }
        }
    }

    public boolean enabled() {
        return issuerUri != null && !issuerUri.isBlank();
    }
}
