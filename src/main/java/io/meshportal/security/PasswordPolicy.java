package io.meshportal.security;

import java.util.Locale;
import java.util.Set;

/** Minimum length, not the user name, not a well-known weak password. Returns the problem, or null. */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    private static final Set<String> WEAK = Set.of("password", "password1", "password123", "123456789012",
            "qwertyuiopas", "letmein12345", "welcome12345", "administrator", "meshportal", "changeme1234",
            "iloveyou1234", "111111111111", "000000000000", "abcdefghijkl", "passwordpassword", "qwerty123456");

    private PasswordPolicy() {
    }

    public static String problem(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "At least " + MIN_LENGTH + " characters";
        }
        if (password.length() > 128) {
            return "At most 128 characters";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && !username.isBlank() && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return "Must not contain the user name";
        }
        if (WEAK.contains(lower) || lower.chars().distinct().count() < 4) {
            return "Too easy to guess";
        }
        return null;
    }
}
