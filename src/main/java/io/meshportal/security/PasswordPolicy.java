package io.meshportal.security;

import java.util.Locale;
import java.util.Set;

/** Minimum length, not the user name, not a well-known weak password. Returns the problem, or null. */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_BYTES = 72;
    private static final Set<String> WEAK = Set.of(
            "password",
            "password1",
            "password123",
            "123456789012",
            "qwertyuiopas",
            "letmein12345",
            "welcome12345",
            "administrator",
            "meshportal",
            "changeme1234",
            "iloveyou1234",
            "111111111111",
            "000000000000",
            "abcdefghijkl",
            "passwordpassword",
            "qwerty123456",
            "welcome",
            "letmein",
            "qwerty",
            "admin",
            "iloveyou",
            "monkey",
            "dragon",
            "sunshine",
            "football");

    private PasswordPolicy() {}

    public static String problem(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "At least " + MIN_LENGTH + " characters";
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            // bcrypt reads only 72 bytes and Spring Security refuses longer ones: say so instead of failing
            return "At most " + MAX_BYTES + " bytes (72 plain letters; accents and emoji take more)";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && !username.isBlank() && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return "Must not contain the user name";
        }
        // "Password2024!" is as weak as "password": judge the stem without trailing digits and symbols too
        String stem = lower.replaceAll("[^a-z]+$", "");
        if (WEAK.contains(lower)
                || WEAK.contains(stem)
                || lower.chars().distinct().count() < 4) {
            return "Too easy to guess";
        }
        return null;
    }
}
