package io.meshportal.security;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.sidenav.SideNavItem;
import io.meshportal.support.KaribuTest;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Operations pages by role, and the forced password change, browserless on the real context. */
class OperationsViewsTest extends KaribuTest {

    @Autowired
    UserService userService;

    @Test
    void aOneTimePasswordSendsTheUserToThePasswordPageWhereverTheyGo() {
        Viewer admin = users.signIn("k-admin");
        if (userService.list(admin).stream().noneMatch(u -> u.username().equals("fresh-office"))) {
            userService.create(admin, "fresh-office", Role.OFFICE_MANAGER, null);
        }
        userService.resetPassword(admin, "fresh-office");
        signIn("fresh-office");
        for (String route : new String[] {"", "fleet", "alerts", "wall"}) {
            UI.getCurrent().navigate(route);
            assertThat(byId("password-view")).as(route).isTrue();
        }
    }

    @Test
    void menusFollowTheRoleMatrix() {
        signIn("k-admin");
        assertThat(menu())
                .contains("Dashboard", "Wall display", "Factories", "Clusters", "Alerts", "Audit log", "Users");
        signIn("k-office");
        assertThat(menu())
                .contains("Factories", "Clusters", "Alerts", "Audit log")
                .doesNotContain("Users");
        signIn("k-manager-a");
        assertThat(menu())
                .contains("Dashboard", "Factories", "Alerts")
                .doesNotContain("Clusters", "Audit log", "Users");
    }

    @Test
    void factoryManagerCannotOpenAuditOrClustersByUrl() {
        signIn("k-manager-a");
        for (String route : new String[] {"audit", "clusters", "users"}) {
            Throwable denied = catchThrowable(() -> UI.getCurrent().navigate(route));
            assertThat(denied)
                    .as(route)
                    .isNotNull()
                    .extracting(t -> t.getClass().getSimpleName())
                    .isEqualTo("MockAccessDeniedException");
        }
        UI.getCurrent().navigate("alerts");
        assertThat(byId("alerts-view")).isTrue();
        assertThat(byId("new-rule")
                        && _get(Component.class, s -> s.withId("new-rule")).isVisible())
                .isFalse();
    }

    @Test
    void officeManagerReadsTheAuditLog() {
        context.getBean(io.meshportal.audit.AuditLog.class)
                .record(
                        "k-office",
                        io.meshportal.audit.AuditAction.OTHER,
                        "audit-view",
                        io.meshportal.audit.AuditRecord.Outcome.SUCCESS,
                        null);
        signIn("k-office");
        UI.getCurrent().navigate("audit");
        @SuppressWarnings("unchecked")
        Grid<Object> grid = _get(Grid.class, s -> s.withId("audit-grid"));
        assertThat(grid.getGenericDataView().getItems().map(Object::toString))
                .anyMatch(r -> r.contains("k-office") && r.contains("audit-view"));
    }

    private static boolean byId(String id) {
        return !_find(Component.class, s -> s.withId(id)).isEmpty();
    }

    private static java.util.List<String> menu() {
        UI.getCurrent().navigate("");
        return _find(SideNavItem.class).stream()
                .map(SideNavItem::getLabel)
                .filter(Predicate.not(String::isBlank))
                .toList();
    }
}
