package io.meshportal.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import io.meshportal.security.ui.LoginView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http, LoginThrottle throttle, org.springframework.context.ApplicationEventPublisher events)
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
                                && !request.getRequestURI().contains("/VAADIN/"))
                        .authenticated());
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class));
        // the security headers come from HardenedResponses, in front of every filter (Vaadin's pages included)
        return http.build();
    }

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
