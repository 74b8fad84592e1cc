package io.meshportal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the filter that starts a single sign-on: reads the provider's discovery document first, so a provider
 * that is down or misconfigured ends on the sign-in page with a sentence (Spring's filter would answer HTTP 500).
 * Once read, the registration is kept, so this costs nothing on later sign-ins.
 */
final class ProviderCheck extends OncePerRequestFilter {

    static final String START_PATH = "/oauth2/authorization/" + OidcProperties.REGISTRATION_ID;

    private final OidcProvider provider;
    private final AuthenticationFailureHandler failure;

    ProviderCheck(OidcProvider provider, AuthenticationFailureHandler failure) {
        this.provider = provider;
        this.failure = failure;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !(request.getContextPath() + START_PATH).equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            provider.findByRegistrationId(OidcProperties.REGISTRATION_ID);
        } catch (OidcProvider.ProviderUnavailable e) {
            failure.onAuthenticationFailure(request, response, e);
            return;
        }
        chain.doFilter(request, response);
    }
}
