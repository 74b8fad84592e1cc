package io.meshportal.security;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestTemplate;

/**
 * The one client registration, built from the provider's discovery document when it is first needed (the first
 * "Sign in with …"), not at start: Spring Boot's issuer-uri support reads it while starting, so a provider that is
 * down would keep the whole portal, local sign-in included, from starting. A failed read is retried on the next
 * sign-in; a good one is kept.
 *
 * <p>Checks follow OpenID Connect Discovery 1.0: the document is at {@code <issuer>/.well-known/openid-configuration}
 * (§4), its {@code issuer} must be identical to the configured issuer (§4.3, against mix-up and impersonation), and
 * the provider metadata it requires (§3) must be present.
 */
final class OidcProvider implements ClientRegistrationRepository {

    private static final Logger log = LoggerFactory.getLogger(OidcProvider.class);
    private static final List<String> REQUIRED = List.of(
            "issuer",
            "authorization_endpoint",
            "token_endpoint",
            "jwks_uri",
            "response_types_supported",
            "subject_types_supported",
            "id_token_signing_alg_values_supported");

    private final OidcProperties properties;
    private final RestTemplate http;
    private final AtomicReference<ClientRegistration> registration = new AtomicReference<>();

    OidcProvider(OidcProperties properties) {
        this.properties = properties;
        this.http = ProviderHttp.restTemplate(properties.timeout());
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!OidcProperties.REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration.get();
        if (known != null) {
            return known;
        }
        ClientRegistration read = discover();
        registration.compareAndSet(null, read);
        return registration.get();
    }

    private ClientRegistration discover() {
        String issuer = properties.issuerUri();
        String location = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        Map<?, ?> metadata;
        try {
            metadata = http.getForObject(URI.create(location), Map.class);
        } catch (RestClientException | IllegalArgumentException e) {
            log.warn("OpenID Connect discovery at {} failed: {}", location, e.getMessage());
            throw new ProviderUnavailable("The identity provider cannot be reached (" + location + ")", e);
        }
        if (metadata == null) {
            throw new ProviderUnavailable("The identity provider's discovery document at " + location + " is empty");
        }
        List<String> missing =
                REQUIRED.stream().filter(k -> metadata.get(k) == null).toList();
        if (!missing.isEmpty()) {
            throw new ProviderUnavailable(
                    "The identity provider's discovery document lacks " + String.join(", ", missing));
        }
        if (!issuer.equals(metadata.get("issuer"))) {
            throw new ProviderUnavailable("The identity provider names itself " + text(metadata.get("issuer"))
                    + ", not the configured issuer " + issuer + " (check meshportal.security.oidc.issuer-uri)");
        }
        if (!(metadata.get("id_token_signing_alg_values_supported") instanceof List<?>)) {
            throw new ProviderUnavailable("The identity provider's discovery document is malformed");
        }
        boolean secret =
                properties.clientSecret() != null && !properties.clientSecret().isBlank();
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> metadataMap = (Map<String, Object>) metadata;
            return ClientRegistration.withRegistrationId(OidcProperties.REGISTRATION_ID)
                    .clientId(properties.clientId())
                    .clientSecret(secret ? properties.clientSecret() : null)
                    // a client without a secret is public: PKCE protects its code (Spring adds it for "none")
                    .clientAuthenticationMethod(secret ? authMethod(metadata) : ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .scope("openid", "profile", "email")
                    .clientName(properties.displayName())
                    .authorizationUri(text(metadata.get("authorization_endpoint")))
                    .tokenUri(text(metadata.get("token_endpoint")))
                    .jwkSetUri(text(metadata.get("jwks_uri")))
                    .userInfoUri(
                            metadata.get("userinfo_endpoint") == null ? null : text(metadata.get("userinfo_endpoint")))
                    .userNameAttributeName(IdTokenClaimNames.SUB)
                    .issuerUri(issuer)
                    .providerConfigurationMetadata(metadataMap)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ProviderUnavailable("The identity provider's discovery document is malformed: " + e.getMessage());
        }
    }

    /** client_secret_basic unless the provider lists only client_secret_post (the spec's default is basic). */
    private static ClientAuthenticationMethod authMethod(Map<?, ?> metadata) {
        Object methods = metadata.get("token_endpoint_auth_methods_supported");
        if (methods instanceof List<?> list
                && !list.contains("client_secret_basic")
                && list.contains("client_secret_post")) {
            return ClientAuthenticationMethod.CLIENT_SECRET_POST;
        }
        return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
    }

    private static String text(Object value) {
        String s = String.valueOf(value);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** The provider cannot be used now: the sign-in page says so, local sign-in goes on. */
    static final class ProviderUnavailable
            extends org.springframework.security.oauth2.core.OAuth2AuthenticationException {

        ProviderUnavailable(String message) {
            this(message, null);
        }

        ProviderUnavailable(String message, Throwable cause) {
            super(new OAuth2Error("provider_unavailable", message, null), message, cause);
        }
    }
}
