package io.meshportal.security;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * From the provider's claims to a portal user name, role and factory. Claims are input like any other: a claim of
 * the wrong type, too long, or with too many values refuses the sign-in with a message, never an exception trace.
 */
final class OidcClaims {

    /**
     * Provider user names are often e-mail addresses or UPNs, so '@' and '+' are allowed here; local names never
     * contain '@' ({@link UserService#USERNAME}).
     */
    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@+-]{0,63}");

    static final Pattern FACTORY_ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    static final int MAX_VALUES = 500;
    static final int MAX_VALUE_LENGTH = 256;

    /** What a sign-in maps to. */
    record Access(String username, Role role, String factoryId) {}

    private OidcClaims() {}

    static Access map(Map<String, Object> claims, OidcProperties properties) {
        String username = single(claims, properties.usernameClaim());
        if (username == null) {
            throw refused(
                    SignInRefused.Reason.BAD_CLAIMS,
                    "Your account at the identity provider has no " + properties.usernameClaim() + " claim.");
        }
        username = username.toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(username).matches()) {
            throw refused(
                    SignInRefused.Reason.BAD_CLAIMS,
                    "Your user name at the identity provider cannot be used"
                            + " here: up to 64 letters, digits and . _ @ + -");
        }
        List<String> values = values(claims, properties.roleClaim());
        Role role = null;
        for (Role candidate : Role.values()) { // declared from most to least privileged
            List<String> granting = properties.roles().getOrDefault(candidate, List.of());
            if (values.stream().anyMatch(granting::contains)) {
                role = candidate;
                break;
            }
        }
        if (role == null) {
            throw new SignInRefused(
                    SignInRefused.Reason.NO_ROLE,
                    username,
                    "Your account has no MeshPortal role. Ask your administrator"
                            + " to add you to one of the groups that give a role.");
        }
        String factory = null;
        if (role == Role.FACTORY_MANAGER) {
            factory = single(claims, properties.factoryClaim());
            if (factory == null || !FACTORY_ID.matcher(factory).matches()) {
                throw new SignInRefused(
                        SignInRefused.Reason.NO_FACTORY,
                        username,
                        "Your account is a factory manager's but names no" + " valid factory (claim "
                                + properties.factoryClaim() + "). Ask your administrator.");
            }
        }
        return new Access(username, role, factory);
    }

    /** One text value, or null when absent; a list or object where text belongs, or oversized text, refuses. */
    private static String single(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.length() > MAX_VALUE_LENGTH) {
            throw refused(
                    SignInRefused.Reason.BAD_CLAIMS, "The identity provider sent an unusable " + name + " claim.");
        }
        return text.isBlank() ? null : text.strip();
    }

    /** A claim that is one text or a list of texts (groups, roles). */
    private static List<String> values(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return text.length() > MAX_VALUE_LENGTH ? tooLarge(name) : List.of(text);
        }
        if (value instanceof Collection<?> list) {
            if (list.size() > MAX_VALUES) {
                return tooLarge(name);
            }
            for (Object item : list) {
                if (!(item instanceof String text) || text.length() > MAX_VALUE_LENGTH) {
                    return tooLarge(name);
                }
            }
            return list.stream().map(String.class::cast).toList();
        }
        return tooLarge(name);
    }

    private static List<String> tooLarge(String name) {
        throw refused(SignInRefused.Reason.BAD_CLAIMS, "The identity provider sent an unusable " + name + " claim.");
    }

    private static SignInRefused refused(SignInRefused.Reason reason, String message) {
        return new SignInRefused(reason, message);
    }
}
