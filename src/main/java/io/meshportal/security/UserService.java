package io.meshportal.security;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * User administration and one's own account. Every method takes the acting {@link Viewer} and checks it here,
 * not in the view; every change is published as {@link UserChanged} for the audit log. The administrator's work on
 * others' accounts is done here; one's own account (password, sessions, language) by {@link OwnAccount}.
 */
@Service
public class UserService {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,31}");

    static final String SSO_ACCESS =
            "This account signs in through the identity provider, whose groups give its role and factory";
    static final String SSO_PASSWORD = "This account signs in through the identity provider and has no password here";

    private final UserAccountRepository users;
    private final PasswordEncoder encoder;
    private final ApplicationEventPublisher events;
    private final UserEvents userEvents;
    private final TransactionTemplate tx;
    private final FactoryDirectory factories;
    private final AccountChanges accounts;
    private final OwnAccount own;

    UserService(
            UserAccountRepository users,
            PasswordEncoder encoder,
            ApplicationEventPublisher events,
            UserEvents userEvents,
            TransactionTemplate tx,
            FactoryDirectory factories,
            AccountChanges accounts,
            OwnAccount own) {
        this.accounts = accounts;
        this.own = own;
        this.users = users;
        this.factories = factories;
        this.encoder = encoder;
        this.events = events;
        this.userEvents = userEvents;
        this.tx = tx;
    }

    @Transactional(readOnly = true)
    public List<UserSummary> list(Viewer actor) {
        Viewer.signedIn(actor);
        actor.requireAdmin();
        return users.findAll().stream()
                .map(UserAccount::summary)
                .sorted(Comparator.comparing(UserSummary::username))
                .toList();
    }

    /**
     * Creates a user with a one-time password that must be changed at first sign-in.
     *
     * @return the one-time password, to be shown once to the administrator
     */
    public String create(Viewer actor, String username, Role role, String factoryId) {
        Viewer.signedIn(actor);
        userEvents.requireAdmin(actor, UserChanged.Action.CREATE, username);
        Map<String, String> problems = new LinkedHashMap<>();
        if (username == null || !USERNAME.matcher(username).matches()) {
            problems.put("username", "2-32 characters: lower-case letters, digits, '.', '_', '-'");
        }
        if (role == null) {
            problems.put("role", "Choose a role");
        } else if (role == Role.FACTORY_MANAGER && (factoryId == null || !factories.exists(factoryId))) {
            problems.put("factory", "Choose the factory this manager runs");
        }
        String oneTime = InitialAccounts.randomPassword();
        String hash = problems.isEmpty() ? encoder.encode(oneTime) : null; // slow on purpose: outside the write lock
        if (problems.isEmpty()) {
            boolean taken = Boolean.TRUE.equals(tx.execute(s -> {
                if (users.findByUsername(username).isPresent()) {
                    return true;
                }
                UserAccount account =
                        new UserAccount(username, hash, role, role == Role.FACTORY_MANAGER ? factoryId : null);
                account.password(hash, true);
                users.save(account);
                return false;
            }));
            if (taken) {
                problems.put("username", "This user name is taken");
            }
        }
        if (!problems.isEmpty()) {
            userEvents.changed(actor, UserChanged.Action.CREATE, username, false, String.join("; ", problems.values()));
            throw new UserRequestException(problems);
        }
        userEvents.changed(
                actor,
                UserChanged.Action.CREATE,
                username,
                true,
                role + (role == Role.FACTORY_MANAGER ? " of " + factoryId : ""));
        return oneTime;
    }

    public void setEnabled(Viewer actor, String username, boolean enabled) {
        Viewer.signedIn(actor);
        UserChanged.Action action = enabled ? UserChanged.Action.ENABLE : UserChanged.Action.DISABLE;
        userEvents.requireAdmin(actor, action, username);
        if (!enabled && actor.username().equals(username)) {
            userEvents.changed(actor, action, username, false, "cannot disable yourself");
            throw new UserRequestException(Map.of("username", "You cannot disable your own account"));
        }
        accounts.update(actor, action, username, account -> account.enabled(enabled));
        userEvents.changed(actor, action, username, true, null);
    }

    /**
     * Gives a user another role, or a factory manager another factory. Their sessions end (they signed in with
     * the old access). The last enabled administrator keeps the role, and nobody changes their own.
     */
    public void changeAccess(Viewer actor, String username, Role role, String factoryId) {
        Viewer.signedIn(actor);
        userEvents.requireAdmin(actor, UserChanged.Action.CHANGE_ACCESS, username);
        Map<String, String> problems = new LinkedHashMap<>();
        if (actor.username().equals(username)) {
            problems.put("role", "You cannot change your own role");
        } else if (role == null) {
            problems.put("role", "Choose a role");
        } else if (role == Role.FACTORY_MANAGER && (factoryId == null || !factories.exists(factoryId))) {
            problems.put("factory", "Choose the factory this manager runs");
        } else if (role != Role.ADMIN && lastAdmin(username)) {
            problems.put("role", "The last enabled administrator stays an administrator");
        } else if (accounts.singleSignOn(username)) {
            problems.put("role", SSO_ACCESS);
        }
        if (!problems.isEmpty()) {
            userEvents.changed(
                    actor, UserChanged.Action.CHANGE_ACCESS, username, false, String.join("; ", problems.values()));
            throw new UserRequestException(problems);
        }
        accounts.update(actor, UserChanged.Action.CHANGE_ACCESS, username, account -> account.access(role, factoryId));
        userEvents.changed(
                actor,
                UserChanged.Action.CHANGE_ACCESS,
                username,
                true,
                role + (role == Role.FACTORY_MANAGER ? " of " + factoryId : ""));
    }

    /** Deletes a user; their sessions end. The audit log keeps their name. Not oneself, not the last administrator. */
    public void delete(Viewer actor, String username) {
        Viewer.signedIn(actor);
        userEvents.requireAdmin(actor, UserChanged.Action.DELETE, username);
        String refused = actor.username().equals(username)
                ? "You cannot delete your own account"
                : lastAdmin(username) ? "The last enabled administrator cannot be deleted" : null;
        if (refused != null) {
            userEvents.changed(actor, UserChanged.Action.DELETE, username, false, refused);
            throw new UserRequestException(Map.of("username", refused));
        }
        boolean found = Boolean.TRUE.equals(tx.execute(s -> users.findByUsername(username)
                .map(account -> {
                    users.delete(account);
                    return true;
                })
                .orElse(false)));
        if (!found) {
            userEvents.changed(actor, UserChanged.Action.DELETE, username, false, "no such user");
            throw new UserRequestException(Map.of("username", "No user " + username));
        }
        userEvents.changed(actor, UserChanged.Action.DELETE, username, true, null);
    }

    /** Whether {@code username} is the only enabled administrator. */
    private boolean lastAdmin(String username) {
        List<UserAccount> admins = users.findAll().stream()
                .filter(u -> u.role() == Role.ADMIN && u.enabled())
                .toList();
        return admins.size() == 1 && admins.getFirst().username().equals(username);
    }

    /** Sets a new one-time password; the user must change it at the next sign-in. */
    public String resetPassword(Viewer actor, String username) {
        Viewer.signedIn(actor);
        userEvents.requireAdmin(actor, UserChanged.Action.RESET_PASSWORD, username);
        if (accounts.singleSignOn(username)) {
            userEvents.changed(actor, UserChanged.Action.RESET_PASSWORD, username, false, "single sign-on account");
            throw new UserRequestException(Map.of("username", SSO_PASSWORD));
        }
        String oneTime = InitialAccounts.randomPassword();
        String hash = encoder.encode(oneTime);
        accounts.update(actor, UserChanged.Action.RESET_PASSWORD, username, account -> account.password(hash, true));
        userEvents.changed(actor, UserChanged.Action.RESET_PASSWORD, username, true, null);
        return oneTime;
    }

    /** Any signed-in user, for their own account only. */
    public void changeOwnPassword(Viewer actor, String currentPassword, String newPassword) {
        Viewer.signedIn(actor);
        own.changePassword(actor, currentPassword, newPassword);
    }

    /**
     * The caller's own signed-in sessions (browsers, devices).
     *
     * @param currentSessionId the asking session's id, to mark it (never shown)
     */
    public List<SessionInfo> mySessions(Viewer viewer, String currentSessionId) {
        Viewer.signedIn(viewer);
        return own.sessions(viewer, currentSessionId);
    }

    /** Ends one of the caller's own sessions; another user's session is not found, whatever its handle. */
    public void endMySession(Viewer viewer, String handle) {
        Viewer.signedIn(viewer);
        own.endSession(viewer, handle);
    }

    /** The caller's own account. */
    @Transactional(readOnly = true)
    public UserSummary me(Viewer viewer) {
        Viewer.signedIn(viewer);
        return own.summary(viewer);
    }

    @Transactional(readOnly = true)
    public boolean mustChangePassword(Viewer viewer) {
        Viewer.signedIn(viewer);
        return own.mustChangePassword(viewer);
    }

    /** The UI language the caller chose; empty: the browser's. */
    @Transactional(readOnly = true)
    public java.util.Optional<io.meshportal.base.Language> language(Viewer viewer) {
        Viewer.signedIn(viewer);
        return own.language(viewer);
    }

    /** Remembers the caller's UI language for their next screens and sign-ins; null: the browser's again. */
    @Transactional
    public void setLanguage(Viewer viewer, io.meshportal.base.Language language) {
        Viewer.signedIn(viewer);
        own.setLanguage(viewer, language);
    }

    /** A deleted factory leaves no manager able to see anything: its managers are disabled. */
    public void disableManagersOf(String actor, String factoryId) {
        List<String> disabled = tx.execute(s -> users.findAll().stream()
                .filter(u -> u.role() == Role.FACTORY_MANAGER && factoryId.equals(u.factoryId()) && u.enabled())
                .map(u -> {
                    u.enabled(false);
                    return u.username();
                })
                .toList());
        disabled.forEach(u -> events.publishEvent(new UserChanged(
                actor,
                UserChanged.Action.DISABLE,
                u,
                UserChanged.Result.SUCCESS,
                "factory " + factoryId + " deleted")));
    }
}
