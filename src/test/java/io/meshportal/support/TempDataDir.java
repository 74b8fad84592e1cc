package io.meshportal.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base for Spring tests: the portal's SQLite file lives in a fresh temporary directory per test JVM, so tests
 * use a real database file and never the developer's ./data.
 */
public abstract class TempDataDir {

    public static final Path DATA_DIR = create();

    private static Path create() {
        try {
            return Files.createTempDirectory("meshportal-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("meshportal.data.dir", DATA_DIR::toString);
        // the tests' webhook receivers run on loopback, which the portal refuses unless an operator lists it
        registry.add("meshportal.alerts.webhook-allowed-hosts", () -> "127.0.0.1");
        // every test signs in from 127.0.0.1: room for the bad-input sweeps' failed sign-ins (50 per address)
        registry.add("meshportal.security.throttle-free-attempts", () -> "5");
    }
}
