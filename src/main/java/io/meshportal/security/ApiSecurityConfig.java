package io.meshportal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The HTTP API's own filter chain, ahead of the UI's: personal access tokens only (Authorization: Bearer), no
 * session, no CSRF (nothing rides on a cookie), answers in JSON. The UI's pages and Vaadin's endpoints keep
 * their chain untouched.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfig {

    static final String API = "/api/**";
    /** The OpenAPI document: public, as the shape of an API is no secret (Grafana's and Kiali's are public too). */
    static final String OPENAPI = "/api/v1/openapi.json";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain apiFilterChain(
            HttpSecurity http,
            AccessTokenService tokens,
            org.springframework.beans.factory.ObjectProvider<SecurityContextHolderStrategy> strategies)
            throws Exception {
        // the strategy this chain's filters use (Vaadin publishes its own as a bean)
        SecurityContextHolderStrategy strategy =
                strategies.getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
        http.securityMatcher(API)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .addFilterBefore(new BearerTokens(tokens, strategy), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth ->
                        auth.requestMatchers(OPENAPI).permitAll().anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, failure) -> ApiErrorBody.write(
                                response,
                                HttpServletResponse.SC_UNAUTHORIZED,
                                "unauthenticated",
                                "Send a personal access token: Authorization: Bearer mpat_…"))
                        .accessDeniedHandler((request, response, denied) -> ApiErrorBody.write(
                                response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "Not allowed")));
        return http.build();
    }

    /** Turns a valid bearer token into the caller; anything else presented as one is refused at once. */
    static final class BearerTokens extends OncePerRequestFilter {

        private final AccessTokenService tokens;
        private final SecurityContextHolderStrategy strategy;

        BearerTokens(AccessTokenService tokens, SecurityContextHolderStrategy strategy) {
            this.tokens = tokens;
            this.strategy = strategy;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header == null) {
                chain.doFilter(request, response);
                return;
            }
            String secret = header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).strip()
                    : null;
            var caller = tokens.authenticate(secret);
            if (caller.isEmpty()) {
                ApiErrorBody.write(
                        response,
                        HttpServletResponse.SC_UNAUTHORIZED,
                        "invalid_token",
                        "The token is unknown, expired or revoked, or its account is disabled");
                return;
            }
            var authentication = UsernamePasswordAuthenticationToken.authenticated(
                    caller.get(),
                    null,
                    List.of(new SimpleGrantedAuthority(
                            caller.get().viewer().role().authority())));
            var context = strategy.createEmptyContext();
            context.setAuthentication(authentication);
            // the chain's strategy for Spring's authorization, the global one for CurrentUser: one and the same in
            // a running portal, two where several application contexts share a JVM (the test suite)
            strategy.setContext(context);
            SecurityContextHolder.setContext(context);
            try {
                chain.doFilter(request, response);
            } finally {
                strategy.clearContext();
                SecurityContextHolder.clearContext();
            }
        }
    }

    /** The API's error shape, for answers written before a controller is reached. */
    static final class ApiErrorBody {

        private ApiErrorBody() {}

        static void write(HttpServletResponse response, int status, String error, String message) throws IOException {
            response.setStatus(status);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            if (status == HttpServletResponse.SC_UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Bearer");
            }
            response.getWriter()
                    .write("{\"status\":" + status + ",\"error\":\"" + error + "\",\"message\":\""
                            + message.replace("\"", "'") + "\",\"fields\":{}}");
        }
    }
}
