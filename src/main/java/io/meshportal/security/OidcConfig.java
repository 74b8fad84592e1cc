package io.meshportal.security;

import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The parts of single sign-on Spring Security would otherwise build without deadlines or size bounds (see
 * {@link ProviderHttp}). Wired into the filter chain by {@link SecurityConfig} only when an issuer is configured.
 */
@Configuration(proxyBeanMethods = false)
class OidcConfig {

    OidcConfig(OidcProperties oidc, SecurityProperties security) {
        if (!security.localAccounts() && !oidc.enabled()) {
            throw new IllegalStateException("meshportal.security.local-accounts=false needs single sign-on"
                    + " (meshportal.security.oidc.issuer-uri); otherwise nobody could sign in");
        }
    }

    @Bean
    OidcProvider oidcProvider(OidcProperties oidc) {
        return new OidcProvider(oidc);
    }

    @Bean
    PortalOidcUserService portalOidcUserService(OidcProperties oidc, SingleSignOnAccounts accounts) {
        return new PortalOidcUserService(oidc, accounts);
    }

    @Bean
    RestClientAuthorizationCodeTokenResponseClient oidcTokenClient(OidcProperties oidc) {
        RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
        client.setRestClient(ProviderHttp.tokenClient(oidc.timeout()));
        return client;
    }

    /**
     * ID tokens: the signature against the provider's keys (fetched with a deadline), the algorithms the provider
     * says it signs with (discovery's id_token_signing_alg_values_supported), then the OpenID Connect Core §3.1.3.7
     * checks (issuer, audience, authorized party, expiry, issued-at) and the timestamps. The oauth2Login
     * configuration picks this bean up by its type.
     */
    @Bean
    JwtDecoderFactory<ClientRegistration> oidcIdTokenDecoderFactory(OidcProperties oidc) {
        return registration -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(
                            registration.getProviderDetails().getJwkSetUri())
                    .restOperations(ProviderHttp.restTemplate(oidc.timeout()))
                    .jwsAlgorithms(algorithms -> algorithms.addAll(algorithms(registration)))
                    .build();
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                    new JwtTimestampValidator(), new OidcIdTokenValidator(registration)));
            return decoder;
        };
    }

    private static Set<SignatureAlgorithm> algorithms(ClientRegistration registration) {
        Object listed = registration
                .getProviderDetails()
                .getConfigurationMetadata()
                .get("id_token_signing_alg_values_supported");
        Set<SignatureAlgorithm> known = listed instanceof java.util.Collection<?> names
                ? names.stream()
                        .map(name -> SignatureAlgorithm.from(String.valueOf(name)))
                        .filter(java.util.Objects::nonNull)
                        .collect(Collectors.toSet())
                : Set.of();
        // "none" and HMAC are not in SignatureAlgorithm: unsigned tokens are never accepted
        return known.isEmpty() ? Set.of(SignatureAlgorithm.RS256) : known;
    }
}
