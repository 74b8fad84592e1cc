package io.meshportal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.PortalApplication;
import io.meshportal.security.Role;
import io.meshportal.security.UserService;
import io.meshportal.security.UserSummary;
import io.meshportal.security.Viewer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * First start on the embedded default: the fleet seeds its demo factories and says so with an event; the shell
 * gives each a manager whose password is in the credentials file. A second start seeds nothing again.
 */
class DemoAccountsTest {

    static final Viewer ADMIN = new Viewer("admin", Role.ADMIN, null);

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void eachSeededDemoFactoryGetsItsManagerOnce(
            @TempDir Path dir, org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        Path data = dir.resolve("data");
        String[] args = {
            "--server.port=0",
            "--meshportal.data.dir=" + data,
            "--meshportal.fleet.local.factories[0].id=demo-a",
            "--meshportal.fleet.local.factories[0].name=Demo A",
            "--meshportal.fleet.local.factories[0].country=DE",
            "--meshportal.fleet.local.factories[1].id=demo-b",
            "--meshportal.fleet.local.factories[1].name=Demo B",
            "--meshportal.fleet.local.factories[1].country=FR"
        };
        try (var portal = new SpringApplicationBuilder(PortalApplication.class).run(args)) {
            UserService users = portal.getBean(UserService.class);
            Awaitility.await()
                    .until(() -> users.list(ADMIN).stream()
                                    .filter(u -> u.role() == Role.FACTORY_MANAGER)
                                    .count()
                            == 2);
            assertThat(users.list(ADMIN))
                    .filteredOn(u -> u.role() == Role.FACTORY_MANAGER)
                    .extracting(UserSummary::username, UserSummary::factoryId)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("manager-demo-a", "demo-a"),
                            org.assertj.core.groups.Tuple.tuple("manager-demo-b", "demo-b"));
        }
        String credentials = Files.readString(data.resolve("initial-credentials.txt"));
        assertThat(credentials).contains("manager-demo-a ", "manager-demo-b ");
        // the passwords are in the owner-only file, not in the log
        credentials.lines().map(l -> l.split(" ")[1]).forEach(password -> assertThat(output.getAll())
                .as("the log")
                .doesNotContain(password));
        assertThat(output.getAll()).contains("initial-credentials.txt");
        long lines = credentials.lines().count();
        try (var again = new SpringApplicationBuilder(PortalApplication.class).run(args)) {
            assertThat(again.getBean(UserService.class).list(ADMIN)).hasSize(4); // admin, office, two managers
        }
        assertThat(Files.readString(data.resolve("initial-credentials.txt"))
                        .lines()
                        .count())
                .isEqualTo(lines);
    }
}
