package io.meshportal.security;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Asking for an account from the sign-in page. A request gives no access: it waits until an administrator approves
 * it with a role (and a factory for a factory manager) — the person then signs in with the password they chose — or
 * rejects it. Requests are limited per client address and in total, and every step is audited.
 */
@Service
public class RegistrationService {

    /** Requests one client address may make in an hour. */
    static final int PER_CLIENT_PER_HOUR = 3;
    /** Pending requests at most: a flood cannot fill the database. */
    static final int MAX_PENDING = 200;

    public static final String CLOSED = "Accounts come from your company's sign-in here. Ask your administrator.";

    private final AccountRequestRepository requests;
    private final UserAccountRepository users;
    private final PasswordEncoder encoder;
    private final ApplicationEventPublisher events;
    private final UserEvents userEvents;
    private final TransactionTemplate tx;
    private final FactoryDirectory factories;
    private final Clock clock;
    private final boolean open;

    RegistrationService(
            SecurityProperties properties,
            AccountRequestRepository requests,
            UserAccountRepository users,
            PasswordEncoder encoder,
            ApplicationEventPublisher events,
            UserEvents userEvents,
            TransactionTemplate tx,
            FactoryDirectory factories,
            Clock clock) {
        this.requests = requests;
        this.users = users;
        this.encoder = encoder;
        this.events = events;
        this.userEvents = userEvents;
        this.tx = tx;
        this.factories = factories;
        this.clock = clock;
        this.open = properties.localAccounts();
    }

    /** Requests are for local accounts: none while local sign-in is switched off. */
    public boolean open() {
        return open;
    }

    /** Anyone, not signed in: stores a pending request, or says per field what is wrong. */
    public void request(String username, String fullName, String reason, String password, String client) {
        if (!open) {
            throw new UserRequestException(Map.of("username", CLOSED));
        }
        Map<String, String> problems = new LinkedHashMap<>();
        String name = username == null ? "" : username.trim();
        if (!UserService.USERNAME.matcher(name).matches()) {
            problems.put("username", "2-32 characters: lower-case letters, digits, '.', '_', '-'");
        }
        String full = fullName == null ? "" : fullName.trim();
        if (full.isEmpty() || full.length() > 100 || full.chars().anyMatch(Character::isISOControl)) {
            problems.put("fullName", "Your name, up to 100 characters");
        }
        String why = reason == null || reason.isBlank() ? null : reason.trim();
        if (why != null && (why.length() > 500 || why.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n'))) {
            problems.put("reason", "Up to 500 characters");
        }
        String policy = PasswordPolicy.problem(name, password);
        if (policy != null) {
            problems.put("password", policy);
        }
        String from = client == null ? "unknown" : client.length() > 64 ? client.substring(0, 64) : client;
        if (requests.countByClientAndRequestedAtAfter(from, clock.instant().minus(Duration.ofHours(1)))
                        >= PER_CLIENT_PER_HOUR
                || requests.countByState(AccountRequest.State.PENDING) >= MAX_PENDING) {
            problems.put("username", "Too many requests just now. Try again later.");
        }
        // a taken or already requested name is said the same way: nothing to learn about who has an account
        if (problems.isEmpty()
                && (users.findByUsername(name).isPresent()
                        || requests.existsByUsernameAndState(name, AccountRequest.State.PENDING))) {
            problems.put("username", "This user name cannot be requested. Choose another.");
        }
        if (!problems.isEmpty()) {
            events.publishEvent(new UserChanged(
                    "anonymous",
                    UserChanged.Action.REQUEST_ACCOUNT,
                    name.length() > 64 ? name.substring(0, 63) + "…" : name,
                    UserChanged.Result.FAILURE,
                    "from " + from + ": " + String.join("; ", problems.values())));
            throw new UserRequestException(problems);
        }
        String hash = encoder.encode(password);
        tx.executeWithoutResult(s -> requests.save(new AccountRequest(name, full, why, hash, from, clock.instant())));
        events.publishEvent(new UserChanged(
                "anonymous", UserChanged.Action.REQUEST_ACCOUNT, name, UserChanged.Result.SUCCESS, "from " + from));
    }

    /** The pending requests: administrators only. */
    public List<AccountRequestView> pending(Viewer actor) {
        Viewer.signedIn(actor);
        actor.requireAdmin();
        return requests.findByStateOrderByIdAsc(AccountRequest.State.PENDING).stream()
                .map(AccountRequest::view)
                .toList();
    }

    /** Creates the account with the requested name and password, and the role and factory given. */
    public void approve(Viewer actor, long requestId, Role role, String factoryId) {
        Viewer.signedIn(actor);
        userEvents.requireAdmin(actor, UserChanged.Action.APPROVE_ACCOUNT, String.valueOf(requestId));
        Map<String, String> problems = new LinkedHashMap<>();
        if (role == null) {
            problems.put("role", "Choose a role");
        } else if (role == Role.FACTORY_MANAGER && (factoryId == null || !factories.exists(factoryId))) {
            problems.put("factory", "Choose the factory this manager runs");
        }
        AccountRequest request = requests.findById(requestId)
                .filter(r -> r.state() == AccountRequest.State.PENDING)
                .orElse(null);
        if (request == null) {
            problems.put("request", "No such pending request");
        } else if (users.findByUsername(request.username()).isPresent()) {
            problems.put("request", "The user name " + request.username() + " has been taken meanwhile");
        }
        String target = request == null ? String.valueOf(requestId) : request.username();
        if (!problems.isEmpty()) {
            userEvents.changed(
                    actor, UserChanged.Action.APPROVE_ACCOUNT, target, false, String.join("; ", problems.values()));
            throw new UserRequestException(problems);
        }
        tx.executeWithoutResult(s -> {
            users.save(new UserAccount(
                    request.username(), request.passwordHash(), role, role == Role.FACTORY_MANAGER ? factoryId : null));
            request.decide(AccountRequest.State.APPROVED, actor.username(), clock.instant());
            requests.save(request);
        });
        userEvents.changed(
                actor,
                UserChanged.Action.APPROVE_ACCOUNT,
                target,
                true,
                role + (role == Role.FACTORY_MANAGER ? " of " + factoryId : ""));
    }

    public void reject(Viewer actor, long requestId) {
        Viewer.signedIn(actor);
        userEvents.requireAdmin(actor, UserChanged.Action.REJECT_ACCOUNT, String.valueOf(requestId));
        AccountRequest request = requests.findById(requestId)
                .filter(r -> r.state() == AccountRequest.State.PENDING)
                .orElseThrow(() -> {
                    userEvents.changed(
                            actor,
                            UserChanged.Action.REJECT_ACCOUNT,
                            String.valueOf(requestId),
                            false,
                            "no such request");
                    return new UserRequestException(Map.of("request", "No such pending request"));
                });
        tx.executeWithoutResult(s -> {
            request.decide(AccountRequest.State.REJECTED, actor.username(), clock.instant());
            requests.save(request);
        });
        userEvents.changed(actor, UserChanged.Action.REJECT_ACCOUNT, request.username(), true, null);
    }
}
