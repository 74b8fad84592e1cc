package io.meshportal.security;

import com.vaadin.flow.server.VaadinSession;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Sessions follow access: when a user is disabled (also because their factory was deleted), deleted, given
 * another role or factory, or an administrator resets their password, every session of theirs ends at once (a
 * session keeps the role and scope it signed in with, so it must not outlive them). Open pages are sent to the sign-in page through
 * push, then the session is invalidated, which detaches its views and so ends their live subscriptions.
 */
@Component
class SessionTracker implements HttpSessionListener {

    private static final Logger log = LoggerFactory.getLogger(SessionTracker.class);
    /** Time for the redirect to reach the browser before the session goes. */
    static final long GRACE_MILLIS = 500;

    private final Set<HttpSession> sessions = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "session-ends");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        sessions.add(event.getSession());
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        sessions.remove(event.getSession());
    }

    @EventListener
    void onUserChanged(UserChanged event) {
        if (event.result() == UserChanged.Result.SUCCESS
                && (event.action() == UserChanged.Action.DISABLE
                        || event.action() == UserChanged.Action.RESET_PASSWORD
                        || event.action() == UserChanged.Action.CHANGE_ACCESS
                        || event.action() == UserChanged.Action.DELETE)) {
            end(event.username());
        }
    }

    /** The attribute the sign-in filter leaves on a session: the client address it signed in from. */
    static final String CLIENT = "meshportal.client";

    /** The sessions signed in as {@code username}; {@code currentHandle} marks the asking one. */
    List<SessionInfo> of(String username, String currentHandle) {
        List<SessionInfo> result = new java.util.ArrayList<>();
        for (HttpSession session : List.copyOf(sessions)) {
            try {
                if (username.equals(usernameOf(session))) {
                    String handle = handle(session.getId());
                    Object client = session.getAttribute(CLIENT);
                    result.add(new SessionInfo(
                            handle,
                            java.time.Instant.ofEpochMilli(session.getCreationTime()),
                            java.time.Instant.ofEpochMilli(session.getLastAccessedTime()),
                            client == null ? "unknown" : client.toString(),
                            handle.equals(currentHandle)));
                }
            } catch (IllegalStateException invalidated) {
                sessions.remove(session);
            }
        }
        result.sort(java.util.Comparator.comparing(SessionInfo::started));
        return result;
    }

    /** Ends one session of {@code username} by its handle; false when there is no such session of theirs. */
    boolean endOne(String username, String handle) {
        for (HttpSession session : List.copyOf(sessions)) {
            try {
                if (username.equals(usernameOf(session))
                        && handle(session.getId()).equals(handle)) {
                    leave(session);
                    return true;
                }
            } catch (IllegalStateException invalidated) {
                sessions.remove(session);
            }
        }
        return false;
    }

    /** A session's name on pages: the first 16 hex digits of the SHA-256 of its id. */
    static String handle(String sessionId) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(sessionId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Open pages go to the sign-in page through push, then the session is invalidated. */
    private void leave(HttpSession session) {
        for (VaadinSession vaadin : VaadinSession.getAllSessions(session)) {
            vaadin.access(() -> vaadin.getUIs().forEach(ui -> ui.getPage().setLocation("login")));
        }
        later.schedule(() -> invalidate(session), GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Ends every session signed in as {@code username}; returns how many. */
    int end(String username) {
        int ended = 0;
        for (HttpSession session : List.copyOf(sessions)) {
            String user;
            try {
                user = usernameOf(session);
            } catch (IllegalStateException invalidated) {
                sessions.remove(session);
                continue;
            }
            if (!username.equals(user)) {
                continue;
            }
            ended++;
            leave(session);
        }
        if (ended > 0) {
            log.info("Ended {} session(s) of {}", ended, username);
        }
        return ended;
    }

    private void invalidate(HttpSession session) {
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyGone) {
            // ended by itself meanwhile
        }
        sessions.remove(session);
    }

    private static String usernameOf(HttpSession session) {
        Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        return context instanceof SecurityContext security && security.getAuthentication() != null
                ? security.getAuthentication().getName()
                : null;
    }
}
