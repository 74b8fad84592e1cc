package io.meshportal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.WebAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs before the password is checked: a sign-in that must still wait is answered exactly as a wrong password is
 * (the same redirect, the same message on the page), without checking the password, and the refusal is published
 * for the audit log.
 */
class ThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final ApplicationEventPublisher events;

    ThrottleFilter(LoginThrottle throttle, ApplicationEventPublisher events) {
        this.throttle = throttle;
        this.events = events;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String username = request.getParameter("username");
        String client = request.getRemoteAddr();
        Duration wait = throttle.waitFor(username, client);
        if (wait.isZero()) {
            // where the session signs in from, for the user's list of their sessions
            request.getSession(true).setAttribute(SessionTracker.CLIENT, client);
            chain.doFilter(request, response);
            return;
        }
        events.publishEvent(new LoginThrottled(username == null ? "" : username, client, wait));
        // what SimpleUrlAuthenticationFailureHandler does for a wrong password
        request.getSession()
                .setAttribute(WebAttributes.AUTHENTICATION_EXCEPTION, new BadCredentialsException("Bad credentials"));
        response.sendRedirect(request.getContextPath() + "/login?error");
    }
}
