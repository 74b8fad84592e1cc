package io.meshportal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The security headers on every response, before any other filter: Spring Security's header writers do not reach
 * the pages Vaadin serves for public routes (the sign-in page answered with only X-Frame-Options: SAMEORIGIN, seen
 * on the production jar). Set first and kept: a later attempt to set one of them to something else is ignored.
 */
@Configuration(proxyBeanMethods = false)
class HardenedResponses {

    /**
     * A content security policy Vaadin works under: its client needs inline and eval'd script and inline styles;
     * everything else is this origin only, nothing may frame the portal, forms post only here.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /** No content-type sniffing, no full URLs to other sites, no framing, the policy above. */
    static final Map<String, String> HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "strict-origin-when-cross-origin",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", CONTENT_SECURITY_POLICY);

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> hardenedResponseHeaders() {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(
                            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                            throws ServletException, IOException {
                        HEADERS.forEach(response::setHeader);
                        chain.doFilter(request, new Keeping(response));
                    }
                });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** Ignores later changes to the headers set above. */
    static final class Keeping extends HttpServletResponseWrapper {

        Keeping(HttpServletResponse response) {
            super(response);
        }

        private static boolean ours(String name) {
            return name != null
                    && HEADERS.keySet().stream()
                            .anyMatch(h -> h.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
        }

        @Override
        public void setHeader(String name, String value) {
            if (!ours(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!ours(name)) {
                super.addHeader(name, value);
            }
        }
    }
}
