package io.meshportal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Personal access tokens for the HTTP API, as GitHub, Grafana and Rancher have them: a user makes them for
 * themselves (named, with an expiry), sees the secret once, lists and revokes them on their account page. Only
 * a SHA-256 digest of the secret is stored — the secret is 256 random bits, so a slow password hash would add
 * nothing but a cost per call. A token acts as its owner is at the moment of the call: a changed role or factory
 * applies at once, a disabled or locked account's tokens stop working, a deleted account's tokens are deleted.
 */
@Service
public class AccessTokenService {

    /** Tokens start with this, so secret scanners and people can tell them from other strings. */
    static final String PREFIX = "mpat_";

    public static final Set<Integer> EXPIRY_DAYS = Set.of(7, 30, 90, 365);
    static final int MAX_PER_USER = 20;
    static final int MAX_NAME = 64;
    /** Last use is written at most this often per token: one SQLite write per call would cost every call. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final AccessTokenRepository tokens;
    private final UserAccountRepository users;
    private final UserEvents userEvents;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    AccessTokenService(
            AccessTokenRepository tokens,
            UserAccountRepository users,
            UserEvents userEvents,
            TransactionTemplate tx,
            Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.userEvents = userEvents;
        this.tx = tx;
        this.clock = clock;
    }

    /** The caller's own tokens, oldest first, expired ones included (marked by their expiry). */
    public List<AccessTokenView> mine(Viewer viewer) {
        Viewer.signedIn(viewer);
        return tokens.findByUsernameOrderByIdAsc(viewer.username()).stream()
                .map(AccessToken::view)
                .toList();
    }

    /** Makes a token for the caller; its secret is in the answer and nowhere else. */
    public CreatedAccessToken create(Viewer viewer, String name, int expiryDays) {
        Viewer.signedIn(viewer);
        String trimmed = name == null ? "" : name.strip();
        Map<String, String> problems = new LinkedHashMap<>();
        if (trimmed.isEmpty()) {
            problems.put("name", "Give the token a name, e.g. what will use it");
        } else if (trimmed.length() > MAX_NAME) {
            problems.put("name", "At most " + MAX_NAME + " characters");
        } else if (trimmed.chars().anyMatch(Character::isISOControl)) {
            problems.put("name", "Control characters are not allowed");
        } else if (tokens.existsByUsernameAndName(viewer.username(), trimmed)) {
            problems.put("name", "You already have a token with this name");
        }
        if (!EXPIRY_DAYS.contains(expiryDays)) {
            problems.put("expiryDays", "Choose 7, 30, 90 or 365 days");
        }
        if (problems.isEmpty() && tokens.countByUsername(viewer.username()) >= MAX_PER_USER) {
            problems.put("name", "At most " + MAX_PER_USER + " tokens per person: revoke one first");
        }
        if (!problems.isEmpty()) {
            userEvents.changed(viewer, UserChanged.Action.CREATE_TOKEN, viewer.username(), false, problems.toString());
            throw new UserRequestException(problems);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        AccessToken saved = tx.execute(s -> tokens.save(new AccessToken(
                viewer.username(), trimmed, digest(secret), now, now.plus(Duration.ofDays(expiryDays)))));
        userEvents.changed(
                viewer,
                UserChanged.Action.CREATE_TOKEN,
                viewer.username(),
                true,
                "token '" + trimmed + "', " + expiryDays + " days");
        return new CreatedAccessToken(saved.view(), secret);
    }

    /** Revokes one of the caller's own tokens (deleted: a revoked token can never be told from an unknown one). */
    public void revoke(Viewer viewer, long id) {
        Viewer.signedIn(viewer);
        Optional<AccessToken> token =
                tokens.findById(id).filter(t -> t.username().equals(viewer.username()));
        if (token.isEmpty()) {
            userEvents.changed(viewer, UserChanged.Action.REVOKE_TOKEN, viewer.username(), false, "no such token");
            throw new UserRequestException(Map.of("token", "No such token of yours"));
        }
        tx.executeWithoutResult(s -> tokens.delete(token.get()));
        userEvents.changed(
                viewer,
                UserChanged.Action.REVOKE_TOKEN,
                viewer.username(),
                true,
                "token '" + token.get().name() + "'");
    }

    /**
     * The caller a presented secret stands for, or empty for anything that is not a live token of an enabled,
     * unlocked account (unknown, malformed, expired, revoked — not told apart to the caller).
     */
    Optional<TokenCaller> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<AccessToken> found = tokens.findBySecretDigest(digest(secret))
                .filter(t -> t.expiresAt().isAfter(now));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AccessToken token = found.get();
        Optional<UserAccount> owner = users.findByUsername(token.username())
                .filter(UserAccount::enabled)
                .filter(u -> u.lockedUntil() == null || !u.lockedUntil().isAfter(now));
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        if (token.lastUsedAt() == null
                || token.lastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now)) {
            tx.executeWithoutResult(s -> tokens.findById(token.id()).ifPresent(t -> {
                t.usedAt(now);
                tokens.save(t);
            }));
        }
        UserAccount account = owner.get();
        return Optional.of(
                new TokenCaller(new Viewer(account.username(), account.role(), account.factoryId()), token.name()));
    }

    /** A deleted account's tokens go with it. */
    @EventListener
    void onUserChanged(UserChanged event) {
        if (event.action() == UserChanged.Action.DELETE && event.result() == UserChanged.Result.SUCCESS) {
            tx.executeWithoutResult(s -> tokens.deleteByUsername(event.username()));
        }
    }

    static String digest(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
