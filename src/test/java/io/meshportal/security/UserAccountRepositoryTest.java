package io.meshportal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshportal.base.DataProperties;
import io.meshportal.support.TempDataDir;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;

@SpringBootTest
class UserAccountRepositoryTest extends TempDataDir {

    @Autowired
    UserAccountRepository users;

    @Autowired
    DataProperties data;

    @Test
    void storesUsersInTheConfiguredSqliteFile() throws Exception {
        users.save(new UserAccount("repo-user", "{noop}x", Role.FACTORY_MANAGER, "factory-z"));

        assertThat(data.database()).startsWith(DATA_DIR);
        assertThat(Files.size(data.database())).isPositive();
        // Read back through a separate plain JDBC connection: the row is really in the file.
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + data.database());
                var st = c.prepareStatement("select role, factory_id from user_account where username = ?")) {
            st.setString(1, "repo-user");
            ResultSet rs = st.executeQuery();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("FACTORY_MANAGER");
            assertThat(rs.getString(2)).isEqualTo("factory-z");
        }
    }

    @Test
    void userNamesAreUnique() {
        users.save(new UserAccount("twice", "{noop}x", Role.OFFICE_MANAGER, null));
        assertThatThrownBy(() -> users.save(new UserAccount("twice", "{noop}y", Role.ADMIN, null)))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("UNIQUE");
    }

    @Test
    void factoryManagerWithoutFactoryIsRejected() {
        assertThatThrownBy(() -> new UserAccount("nofactory", "{noop}x", Role.FACTORY_MANAGER, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void officeRolesCarryNoFactory() {
        UserAccount saved = users.save(new UserAccount("office-x", "{noop}x", Role.OFFICE_MANAGER, "ignored"));
        assertThat(users.findByUsername("office-x").orElseThrow().factoryId()).isNull();
        assertThat(saved.summary().role()).isEqualTo(Role.OFFICE_MANAGER);
    }
}
