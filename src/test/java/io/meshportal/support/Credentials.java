package io.meshportal.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Reads generated first-start passwords, as a newcomer would from data/initial-credentials.txt. */
public final class Credentials {

    private Credentials() {}

    public static String password(String user) {
        return password(TempDataDir.DATA_DIR, user);
    }

    /** From the credentials file of another data directory (a portal started as its own process). */
    public static String password(java.nio.file.Path dataDir, String user) {
        try {
            return Files.readAllLines(dataDir.resolve("initial-credentials.txt")).stream()
                    .filter(l -> l.startsWith(user + " "))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no generated password for " + user))
                    .split(" ")[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
