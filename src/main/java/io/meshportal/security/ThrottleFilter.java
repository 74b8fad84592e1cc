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

    /** A browser's cross-site form post: Sec-Fetch-Site says so, or the Origin is not this server's. */
    static boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            return origin != null; // "null": a sandboxed or opaque origin; absent: not a browser form post
        }
        try {
            java.net.URI o = java.net.URI.create(origin);
            int port = o.getPort() == -1 ? ("https".equals(o.getScheme()) ? 443 : 80) : o.getPort();
            return !(o.getHost() != null
                    && o.getHost().equalsIgnoreCase(request.getServerName())
                    && port == request.getServerPort());
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (crossSite(request)) {
            // login CSRF: another site must not sign a visitor in (to an account of its choosing). Browsers say
            // where a form post comes from (Sec-Fetch-Site, Origin); the portal's own form is same-origin.
            // written here, not through sendError: the error page would be a sign-in redirect, hiding the refusal
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Sign-in from another site refused");
            return;
        }
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
