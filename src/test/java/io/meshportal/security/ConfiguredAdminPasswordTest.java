package io.meshportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.PortalApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** A Kubernetes Secret sets the admin password: nothing is generated and no credentials file is written. */
class ConfiguredAdminPasswordTest {

    @Test
    void configuredPasswordIsUsedAndNoFileIsWritten(@TempDir Path dir) {
        String password = "from-a-secret-" + System.nanoTime();
        try (var ctx = new SpringApplicationBuilder(PortalApplication.class)
                .web(WebApplicationType.SERVLET)
                // command-line arguments: default properties would lose against application.properties
                .run(
                        "--server.port=0",
                        "--meshportal.data.dir=" + dir,
                        "--meshportal.security.admin-password=" + password,
                        "--meshportal.security.demo-accounts=false")) {
            UserAccountRepository users = ctx.getBean(UserAccountRepository.class);
            PasswordEncoder encoder = ctx.getBean(PasswordEncoder.class);
            UserAccount admin = users.findByUsername("admin").orElseThrow();
            assertThat(encoder.matches(password, admin.passwordHash())).isTrue();
            assertThat(admin.passwordHash()).startsWith("{bcrypt}");
            assertThat(users.count()).isEqualTo(1);
            assertThat(Files.exists(dir.resolve(InitialAccounts.CREDENTIALS_FILE)))
                    .isFalse();
        }
    }
}
