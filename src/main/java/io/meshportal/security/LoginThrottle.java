package io.meshportal.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Slows guessing without handing anybody a lock-out weapon (OWASP's authentication cheat sheet: throttle by
 * client and by account, never lock). Failed sign-ins are counted per (account, client address), per client
 * address and per account, in memory:
 * <ul>
 *   <li>an account from one address: after {@code freeAttempts} failures, each further attempt waits 1 s, 2 s,
 *       4 s, … up to {@code maxDelay};
 *   <li>one address across accounts (password spraying): the same after ten times as many failures;
 *   <li>an account across all addresses (a distributed guesser): at most {@link #ACCOUNT_DELAY_CAP} — a slowdown
 *       that never keeps the real user, signing in from elsewhere, out for longer.
 * </ul>
 * A success clears the account's counts for that address. Unknown names count like known ones. The answer to a
 * throttled attempt is the answer to a wrong password.
 */
@Component
class LoginThrottle {

    static final Duration ACCOUNT_DELAY_CAP = Duration.ofSeconds(2);
    /** Counts older than this are forgotten. */
    static final Duration MEMORY = Duration.ofHours(1);

    private record Count(int failures, Instant last) {}

    private final Map<String, Count> counts = new ConcurrentHashMap<>();
    private final SecurityProperties properties;
    private final Clock clock;

    LoginThrottle(SecurityProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** How long this attempt must still wait; zero when it may be tried now. */
    Duration waitFor(String username, String client) {
        Instant now = clock.instant();
        String account = normalise(username);
        Duration pair = wait(key("pair", account + "|" + client), properties.throttleFreeAttempts(), null, now);
        Duration address = wait(key("client", client), properties.throttleFreeAttempts() * 10, null, now);
        Duration everywhere =
                wait(key("account", account), properties.throttleFreeAttempts() * 10, ACCOUNT_DELAY_CAP, now);
        Duration longest = pair;
        for (Duration d : new Duration[] {address, everywhere}) {
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest;
    }

    void failed(String username, String client) {
        Instant now = clock.instant();
        String account = normalise(username);
        for (String key :
                new String[] {key("pair", account + "|" + client), key("client", client), key("account", account)}) {
            counts.merge(
                    key, new Count(1, now), (old, one) -> expired(old, now) ? one : new Count(old.failures() + 1, now));
        }
        if (counts.size() > 100_000) { // memory stays bounded under a flood of made-up names
            counts.entrySet().removeIf(e -> expired(e.getValue(), now));
        }
    }

    void succeeded(String username, String client) {
        String account = normalise(username);
        counts.remove(key("pair", account + "|" + client));
        counts.remove(key("client", client));
        counts.remove(key("account", account));
    }

    @EventListener
    void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        failed(
                event.getAuthentication().getName(),
                client(event.getAuthentication().getDetails()));
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        succeeded(
                event.getAuthentication().getName(),
                client(event.getAuthentication().getDetails()));
    }

    private Duration wait(String key, int free, Duration cap, Instant now) {
        Count c = counts.get(key);
        if (c == null || expired(c, now) || c.failures() < free) {
            return Duration.ZERO;
        }
        int over = Math.min(30, c.failures() - free);
        Duration delay = Duration.ofSeconds(1L << over);
        Duration max = cap != null ? cap : properties.throttleMaxDelay();
        if (delay.compareTo(max) > 0) {
            delay = max;
        }
        Duration left = Duration.between(now, c.last().plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static boolean expired(Count c, Instant now) {
        return c.last().plus(MEMORY).isBefore(now);
    }

    static String client(Object details) {
        return details instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null
                ? web.getRemoteAddress()
                : "unknown";
    }

    private static String normalise(String username) {
        String name = username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT);
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    private static String key(String kind, String value) {
        return kind + ":" + value;
    }
}
