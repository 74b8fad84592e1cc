package io.meshportal.security;

import io.meshportal.base.Language;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * What any signed-in user does with their own account: change its password, see and end its sessions, choose its
 * language. Reached through {@link UserService}, whose public methods check the caller and hold the transactions.
 */
@Component
class OwnAccount {

    private final UserAccountRepository users;
    private final PasswordEncoder encoder;
    private final ApplicationEventPublisher events;
    private final UserEvents userEvents;
    private final SessionTracker sessions;
    private final AccountChanges accounts;

    OwnAccount(
            UserAccountRepository users,
            PasswordEncoder encoder,
            ApplicationEventPublisher events,
            UserEvents userEvents,
            SessionTracker sessions,
            AccountChanges accounts) {
        this.users = users;
        this.encoder = encoder;
        this.events = events;
        this.userEvents = userEvents;
        this.sessions = sessions;
        this.accounts = accounts;
    }

    void changePassword(Viewer actor, String currentPassword, String newPassword) {
        if (accounts.singleSignOn(actor.username())) {
            userEvents.changed(
                    actor, UserChanged.Action.CHANGE_PASSWORD, actor.username(), false, "single sign-on account");
            throw new UserRequestException(Map.of("current", UserService.SSO_PASSWORD));
        }
        String currentHash = users.findByUsername(actor.username())
                .map(UserAccount::passwordHash)
                .orElse(null);
        if (currentHash == null) {
            userEvents.changed(actor, UserChanged.Action.CHANGE_PASSWORD, actor.username(), false, "no such user");
            throw new UserRequestException(Map.of("username", "No user " + actor.username()));
        }
        Map<String, String> problems = new LinkedHashMap<>();
        if (currentPassword == null || !encoder.matches(currentPassword, currentHash)) {
            problems.put("current", "This is not your current password");
        }
        String policy = PasswordPolicy.problem(actor.username(), newPassword);
        if (policy != null) {
            problems.put("new", policy);
        } else if (currentPassword != null && currentPassword.equals(newPassword)) {
            problems.put("new", "Choose a password different from the current one");
        }
        if (!problems.isEmpty()) {
            userEvents.changed(
                    actor,
                    UserChanged.Action.CHANGE_PASSWORD,
                    actor.username(),
                    false,
                    String.join("; ", problems.values()));
            throw new UserRequestException(problems);
        }
        String hash = encoder.encode(newPassword);
        accounts.update(
                actor, UserChanged.Action.CHANGE_PASSWORD, actor.username(), account -> account.password(hash, false));
        userEvents.changed(actor, UserChanged.Action.CHANGE_PASSWORD, actor.username(), true, null);
    }

    /** @param currentSessionId the asking session's id, to mark it (never shown) */
    List<SessionInfo> sessions(Viewer viewer, String currentSessionId) {
        return sessions.of(viewer.username(), currentSessionId == null ? "" : SessionTracker.handle(currentSessionId));
    }

    /** Another user's session is not found, whatever its handle. */
    void endSession(Viewer viewer, String handle) {
        if (handle == null || !sessions.endOne(viewer.username(), handle)) {
            throw new UserRequestException(Map.of("session", "No such session of yours"));
        }
        events.publishEvent(new UserChanged(
                viewer.username(),
                UserChanged.Action.END_SESSION,
                viewer.username(),
                UserChanged.Result.SUCCESS,
                handle));
    }

    UserSummary summary(Viewer viewer) {
        return users.findByUsername(viewer.username())
                .map(UserAccount::summary)
                .orElseThrow(() -> new AccessDeniedException("No account " + viewer.username()));
    }

    boolean mustChangePassword(Viewer viewer) {
        return users.findByUsername(viewer.username())
                .map(UserAccount::mustChangePassword)
                .orElse(false);
    }

    Optional<Language> language(Viewer viewer) {
        return users.findByUsername(viewer.username()).flatMap(u -> Language.ofTag(u.language()));
    }

    void setLanguage(Viewer viewer, Language language) {
        UserAccount account = users.findByUsername(viewer.username())
                .orElseThrow(() -> new AccessDeniedException("No account " + viewer.username()));
        account.language(language == null ? null : language.tag());
        users.save(account);
    }
}
