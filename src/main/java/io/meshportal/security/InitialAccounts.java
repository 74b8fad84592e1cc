package io.meshportal.security;

import io.meshportal.base.DataProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * First start with an empty database: creates {@code admin} (password from configuration, e.g. a Kubernetes
 * Secret, or generated) and, in the demo, an office manager. Generated passwords go to a file only the owner can
 * read, and are printed once in the log; the repository holds no password.
 */
@Component
@Order(0)
public class InitialAccounts implements ApplicationRunner {

    public static final String CREDENTIALS_FILE = "initial-credentials.txt";
    private static final Logger log = LoggerFactory.getLogger(InitialAccounts.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserAccountRepository users;
    private final PasswordEncoder encoder;
    private final SecurityProperties properties;
    private final Path credentialsFile;

    InitialAccounts(
            UserAccountRepository users, PasswordEncoder encoder, SecurityProperties properties, DataProperties data) {
        this.users = users;
        this.encoder = encoder;
        this.properties = properties;
        this.credentialsFile = data.dir().resolve(CREDENTIALS_FILE);
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (users.count() > 0) {
            return;
        }
        String adminPassword = properties.adminPassword();
        if (adminPassword == null || adminPassword.isBlank()) {
            create("admin", Role.ADMIN, null);
        } else {
            users.save(new UserAccount("admin", encoder.encode(adminPassword), Role.ADMIN, null));
            log.info("Created user 'admin' with the configured password");
        }
        if (properties.demoAccounts()) {
            create("office", Role.OFFICE_MANAGER, null);
        }
    }

    /** A demo factory's manager, created once when the demo fleet is first seeded. */
    @Transactional
    public void createDemoManager(String factoryId) {
        String username = "manager-" + factoryId;
        if (properties.demoAccounts() && users.findByUsername(username).isEmpty()) {
            create(username, Role.FACTORY_MANAGER, factoryId);
        }
    }

    /**
     * The generated password goes to the owner-only credentials file, never to the log, which is often collected
     * and kept elsewhere; only when that file cannot be written is the log the way to learn it.
     */
    private void create(String username, Role role, String factoryId) {
        String password = randomPassword();
        users.save(new UserAccount(username, encoder.encode(password), role, factoryId));
        if (append(username + " " + password + " " + role + (factoryId == null ? "" : " " + factoryId))) {
            log.info(
                    "Created user '{}' ({}) with a generated password: see {} (readable only by its owner)",
                    username,
                    role.label(),
                    credentialsFile.toAbsolutePath());
        } else {
            log.warn(
                    "Created user '{}' ({}) with generated password {}: {} could not be written",
                    username,
                    role.label(),
                    password,
                    credentialsFile.toAbsolutePath());
        }
    }

    static String randomPassword() {
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private boolean append(String line) {
        try {
            if (!Files.exists(credentialsFile)) {
                Files.createDirectories(credentialsFile.getParent());
                try {
                    Files.createFile(
                            credentialsFile,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException nonPosix) {
                    Files.createFile(credentialsFile);
                }
            }
            Files.writeString(
                    credentialsFile, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
