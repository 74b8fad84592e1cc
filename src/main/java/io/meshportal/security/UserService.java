package io.meshportal.security;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * User administration and one's own password. Every method takes the acting {@link Viewer} and checks it here,
 * not in the view; every change is published as {@link UserChanged} for the audit log.
 */
@Service
public class UserService {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,31}");

    private final UserAccountRepository users;
    private final PasswordEncoder encoder;
    private final ApplicationEventPublisher events;

    UserService(UserAccountRepository users, PasswordEncoder encoder, ApplicationEventPublisher events) {
        this.users = users;
        this.encoder = encoder;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public List<UserSummary> list(Viewer actor) {
        Viewer.signedIn(actor);
        actor.requireAdmin();
        return users.findAll().stream().map(UserAccount::summary)
                .sorted(Comparator.comparing(UserSummary::username)).toList();
    }

    /**
     * Creates a user with a one-time password that must be changed at first sign-in.
     *
     * @param factoryExists tells whether a factory id exists (the fleet is not this feature's business)
     * @return the one-time password, to be shown once to the administrator
     */
    @Transactional
    public String create(Viewer actor, String username, Role role, String factoryId, Predicate<String> factoryExists) {
        Viewer.signedIn(actor);
        requireAdmin(actor, "user.create", username);
        Map<String, String> problems = new LinkedHashMap<>();
        if (username == null || !USERNAME.matcher(username).matches()) {
            problems.put("username", "2-32 characters: lower-case letters, digits, '.', '_', '-'");
        } else if (users.findByUsername(username).isPresent()) {
            problems.put("username", "This user name is taken");
        }
        if (role == null) {
            problems.put("role", "Choose a role");
        } else if (role == Role.FACTORY_MANAGER && (factoryId == null || !factoryExists.test(factoryId))) {
            problems.put("factory", "Choose the factory this manager runs");
        }
        if (!problems.isEmpty()) {
            events.publishEvent(new UserChanged(actor.username(), "user.create", username, false, String.join("; ", problems.values())));
            throw new UserRequestException(problems);
        }
        String oneTime = InitialAccounts.randomPassword();
        UserAccount account = new UserAccount(username, encoder.encode(oneTime), role, factoryId);
        account.password(encoder.encode(oneTime), true);
        users.save(account);
        events.publishEvent(new UserChanged(actor.username(), "user.create", username, true,
                role + (role == Role.FACTORY_MANAGER ? " of " + factoryId : "")));
        return oneTime;
    }

    @Transactional
    public void setEnabled(Viewer actor, String username, boolean enabled) {
        Viewer.signedIn(actor);
        String action = enabled ? "user.enable" : "user.disable";
        requireAdmin(actor, action, username);
        if (!enabled && actor.username().equals(username)) {
            events.publishEvent(new UserChanged(actor.username(), action, username, false, "cannot disable yourself"));
            throw new UserRequestException(Map.of("username", "You cannot disable your own account"));
        }
        require(actor, action, username).enabled(enabled);
        events.publishEvent(new UserChanged(actor.username(), action, username, true, null));
    }

    /** Sets a new one-time password; the user must change it at the next sign-in. */
    @Transactional
    public String resetPassword(Viewer actor, String username) {
        Viewer.signedIn(actor);
        requireAdmin(actor, "user.reset-password", username);
        String oneTime = InitialAccounts.randomPassword();
        require(actor, "user.reset-password", username).password(encoder.encode(oneTime), true);
        events.publishEvent(new UserChanged(actor.username(), "user.reset-password", username, true, null));
        return oneTime;
    }

    /** Any signed-in user, for their own account only. */
    @Transactional
    public void changeOwnPassword(Viewer actor, String currentPassword, String newPassword) {
        Viewer.signedIn(actor);
        UserAccount account = require(actor, "user.change-password", actor.username());
        Map<String, String> problems = new LinkedHashMap<>();
        if (currentPassword == null || !encoder.matches(currentPassword, account.passwordHash())) {
            problems.put("current", "This is not your current password");
        }
        String policy = PasswordPolicy.problem(actor.username(), newPassword);
        if (policy != null) {
            problems.put("new", policy);
        } else if (currentPassword != null && currentPassword.equals(newPassword)) {
            problems.put("new", "Choose a password different from the current one");
        }
        if (!problems.isEmpty()) {
            events.publishEvent(new UserChanged(actor.username(), "user.change-password", actor.username(), false,
                    String.join("; ", problems.values())));
            throw new UserRequestException(problems);
        }
        account.password(encoder.encode(newPassword), false);
        events.publishEvent(new UserChanged(actor.username(), "user.change-password", actor.username(), true, null));
    }

    @Transactional(readOnly = true)
    public boolean mustChangePassword(Viewer viewer) {
        Viewer.signedIn(viewer);
        return users.findByUsername(viewer.username()).map(UserAccount::mustChangePassword).orElse(false);
    }

    /** A deleted factory leaves no manager able to see anything: its managers are disabled. */
    @Transactional
    public void disableManagersOf(String actor, String factoryId) {
        users.findAll().stream().filter(u -> u.role() == Role.FACTORY_MANAGER && factoryId.equals(u.factoryId()))
                .filter(UserAccount::enabled).forEach(u -> {
                    u.enabled(false);
                    events.publishEvent(new UserChanged(actor, "user.disable", u.username(), true,
                            "factory " + factoryId + " deleted"));
                });
    }

    private void requireAdmin(Viewer actor, String action, String target) {
        if (!actor.isAdmin()) {
            events.publishEvent(new UserChanged(actor.username(), action, target, false, "denied: " + actor.role()));
            throw new AccessDeniedException(actor.username() + " is not an administrator");
        }
    }

    private UserAccount require(Viewer actor, String action, String username) {
        return users.findByUsername(username).orElseThrow(() -> {
            events.publishEvent(new UserChanged(actor.username(), action, username, false, "no such user"));
            return new UserRequestException(Map.of("username", "No user " + username));
        });
    }
}
