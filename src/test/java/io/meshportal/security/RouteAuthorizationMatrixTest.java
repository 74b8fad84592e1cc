package io.meshportal.security;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.Route;
import io.meshportal.support.KaribuTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Every route × every kind of user, from the one table in {@code authorization-matrix.txt}. A route added
 * without a row there fails this test, so nobody can add a page and forget who may open it.
 */
class RouteAuthorizationMatrixTest extends KaribuTest {

    static final List<AuthorizationTable.Row> ROWS = AuthorizationTable.load().of("route");

    static String route(AuthorizationTable.Row row) {
        return row.target().substring(1).split("/")[0];
    }

    @Test
    void everyRouteHasARow() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        Set<String> routes = new TreeSet<>();
        for (var candidate : scanner.findCandidateComponents("io.meshportal")) {
            try {
                routes.add(Class.forName(candidate.getBeanClassName())
                        .getAnnotation(Route.class)
                        .value());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(ROWS.stream().map(RouteAuthorizationMatrixTest::route).toList())
                .containsExactlyInAnyOrderElementsOf(routes);
    }

    @Test
    void everyoneGetsExactlyWhatTheTableSays() {
        users.ensure("matrix-a", "irrelevant-password-m", Role.FACTORY_MANAGER, "berlin-1");
        users.ensure("matrix-b", "irrelevant-password-n", Role.FACTORY_MANAGER, "lyon-1");
        Map<String, String> accounts =
                Map.of("admin", "k-admin", "office", "k-office", "managerA", "matrix-a", "managerB", "matrix-b");
        List<String> wrong = new java.util.ArrayList<>();
        for (String who : AuthorizationTable.WHO) {
            if (who.equals("anonymous")) {
                signOutAndReload();
            } else {
                signIn(accounts.get(who));
            }
            for (var row : ROWS) {
                boolean expected = row.expected().get(who) == AuthorizationTable.Outcome.ALLOW;
                boolean opened = opens(row.target().substring(1), route(row));
                if (opened != expected) {
                    wrong.add(who + " " + (opened ? "opened" : "was refused") + " " + row.target());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * The same table for the same roles signed in through the OpenID Connect provider: what a person may open
     * depends on the role and factory their claims map to, not on how they signed in.
     */
    @Test
    void singleSignOnCallersGetExactlyWhatTheTableSays() {
        Map<String, Runnable> callers = Map.of(
                "admin", () -> users.signInWithProvider("matrix-sso-admin", Role.ADMIN, null),
                "office", () -> users.signInWithProvider("matrix-sso-office", Role.OFFICE_MANAGER, null),
                "managerA", () -> users.signInWithProvider("matrix-sso-a", Role.FACTORY_MANAGER, "berlin-1"),
                "managerB", () -> users.signInWithProvider("matrix-sso-b", Role.FACTORY_MANAGER, "lyon-1"));
        List<String> wrong = new java.util.ArrayList<>();
        for (var caller : callers.entrySet()) {
            caller.getValue().run();
            reload();
            for (var row : ROWS) {
                boolean expected = row.expected().get(caller.getKey()) == AuthorizationTable.Outcome.ALLOW;
                boolean opened = opens(row.target().substring(1), route(row));
                if (opened != expected) {
                    wrong.add("single sign-on " + caller.getKey() + " " + (opened ? "opened" : "was refused") + " "
                            + row.target());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** True when the page itself rendered (not the login page, not "not found", no access error). */
    private static boolean opens(String path, String route) {
        try {
            UI.getCurrent().navigate(path);
        } catch (Throwable denied) {
            if (denied.getClass().getSimpleName().equals("MockAccessDeniedException")) {
                return false;
            }
            throw denied;
        }
        if (!_find(Component.class, s -> s.withId("not-found-view")).isEmpty()) {
            return false;
        }
        boolean onLogin = !_find(io.meshportal.security.ui.LoginView.class).isEmpty();
        return route.equals("login") || !onLogin;
    }
}
