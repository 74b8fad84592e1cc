package io.meshportal.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import io.meshportal.security.ui.LoginView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            LoginThrottle throttle,
            org.springframework.context.ApplicationEventPublisher events,
            OidcProperties oidc,
            SecurityProperties properties,
            OidcProvider provider,
            PortalOidcUserService oidcUsers,
            RestClientAuthorizationCodeTokenResponseClient tokenClient)
            throws Exception {
        http.addFilterBefore(
                new ThrottleFilter(throttle, events),
                org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class);
        // Static resources and probes must be permitted before Vaadin's configurer, or they get 403 (docs/VERSIONS.md).
        http.authorizeHttpRequests(
                auth -> auth.requestMatchers("/webjars/**", "/styles/**", "/scripts/**", "/images/**")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .denyAll()
                        // any other page a signed-in user asks for goes to the router, which shows the same
                        // not-found page for a path that does not exist as for one they may not open (Vaadin's
                        // own rules would answer an unknown path with a bare 403, telling the two apart)
                        .requestMatchers(request -> "GET".equals(request.getMethod())
                                && acceptsHtml(request)
                                && !request.getRequestURI().contains("/VAADIN/")
                                // the public pages (with any query, e.g. ?sso-error) are for the router to open
                                && !PUBLIC_PAGES.contains(request.getRequestURI()
                                        .substring(request.getContextPath().length())))
                        .authenticated());
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class));
        if (oidc.enabled()) {
            SingleSignOnFailure failure = new SingleSignOnFailure(events, properties.localAccounts());
            http.oauth2Login(login -> login.loginPage("/login")
                    .clientRegistrationRepository(provider)
                    // the provider's tokens live as long as the session, not in a map of every user ever seen
                    .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                    .tokenEndpoint(token -> token.accessTokenResponseClient(tokenClient))
                    .userInfoEndpoint(info -> info.oidcUserService(oidcUsers))
                    .failureHandler(failure));
            // a provider that cannot be reached fails already when the sign-in starts
            http.addFilterBefore(new ProviderCheck(provider, failure), OAuth2AuthorizationRequestRedirectFilter.class);
        }
        // the security headers come from HardenedResponses, in front of every filter (Vaadin's pages included)
        return http.build();
    }

    /** The @AnonymousAllowed routes: anybody may open them by their address. */
    static final java.util.Set<String> PUBLIC_PAGES = java.util.Set.of("/login", "/request-account");

    private static boolean acceptsHtml(jakarta.servlet.http.HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }

    /** Delegating encoder: bcrypt today, stored as {bcrypt}… so the algorithm can change later. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
