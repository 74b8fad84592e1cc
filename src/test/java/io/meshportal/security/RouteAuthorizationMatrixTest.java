package io.meshportal.security;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.Route;
import io.meshportal.support.KaribuTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Every route × every kind of user, from one table. A route added without a row here fails the test, so nobody
 * can add a page and forget who may open it. (A = manager of berlin-1, B = manager of lyon-1.)
 */
class RouteAuthorizationMatrixTest extends KaribuTest {

    static final List<String> WHO = List.of("admin", "office", "managerA", "managerB", "anonymous");

    /** route (as declared in @Route) → path to open → who may open it. */
    static final Map<String, Object[]> MATRIX = new LinkedHashMap<>();

    static {
        row("", "", "admin", "office", "managerA", "managerB");
        row("wall", "wall", "admin", "office", "managerA", "managerB");
        row("fleet", "fleet", "admin", "office", "managerA", "managerB");
        row("clusters", "clusters", "admin", "office");
        row("alerts", "alerts", "admin", "office", "managerA", "managerB");
        row("mesh", "mesh/berlin-1", "admin", "office", "managerA");
        row("audit", "audit", "admin", "office");
        row("users", "users", "admin");
        row("password", "password", "admin", "office", "managerA", "managerB");
        row("factories", "factories/berlin-1", "admin", "office", "managerA");
        row("login", "login", "admin", "office", "managerA", "managerB", "anonymous");
    }

    static void row(String route, String path, String... allowed) {
        MATRIX.put(route, new Object[] {path, Set.of(allowed)});
    }

    @Test
    void everyRouteHasARow() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        Set<String> routes = new TreeSet<>();
        for (var candidate : scanner.findCandidateComponents("io.meshportal")) {
            try {
                routes.add(Class.forName(candidate.getBeanClassName()).getAnnotation(Route.class).value());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(MATRIX.keySet()).containsExactlyInAnyOrderElementsOf(routes);
    }

    @Test
    void everyoneGetsExactlyWhatTheTableSays() {
        users.ensure("matrix-a", "irrelevant-password-m", Role.FACTORY_MANAGER, "berlin-1");
        users.ensure("matrix-b", "irrelevant-password-n", Role.FACTORY_MANAGER, "lyon-1");
        Map<String, String> accounts = Map.of("admin", "k-admin", "office", "k-office", "managerA", "matrix-a",
                "managerB", "matrix-b");
        List<String> wrong = new java.util.ArrayList<>();
        for (String who : WHO) {
            if (who.equals("anonymous")) {
                signOutAndReload();
            } else {
                signIn(accounts.get(who));
            }
            for (var entry : MATRIX.entrySet()) {
                String path = (String) entry.getValue()[0];
                @SuppressWarnings("unchecked")
                boolean expected = ((Set<String>) entry.getValue()[1]).contains(who);
                boolean opened = opens(path, entry.getKey());
                if (opened != expected) {
                    wrong.add(who + " " + (opened ? "opened" : "was refused") + " /" + path);
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
