package io.meshportal.support;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.Route;
import io.meshportal.security.Role;
import io.meshportal.security.TestUsers;
import java.security.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Browserless UI tests on the real Spring context (real SQLite file). Karibu runs no servlet filters, so the
 * mock request answers {@code getUserPrincipal}/{@code isUserInRole} from Spring's SecurityContext, which is
 * what the filters would have set up.
 */
@SpringBootTest
public abstract class KaribuTest extends TempDataDir {

    private static final Routes ROUTES = discoverRoutes();

    @Autowired
    protected ApplicationContext context;

    @Autowired
    protected TestUsers users;

    @BeforeEach
    void setUpVaadin() {
        users.ensure("k-admin", "irrelevant-password-1", Role.ADMIN, null);
        users.ensure("k-office", "irrelevant-password-2", Role.OFFICE_MANAGER, null);
        users.ensure("k-manager-a", "irrelevant-password-3", Role.FACTORY_MANAGER, "factory-a");
        start(context);
    }

    /**
     * A Karibu UI on {@code context}, its requests answering who is signed in from Spring's SecurityContext (what the
     * servlet filters would have set up; Karibu runs none). For tests that bring their own application context.
     */
    public static void start(ApplicationContext context) {
        MockVaadin.setMockRequestFactory(session -> new FakeRequest(session) {
            @Override
            public Principal getUserPrincipal() {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                return auth == null || auth instanceof AnonymousAuthenticationToken ? null : auth;
            }

            @Override
            public boolean isUserInRole(String role) {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                return auth != null
                        && auth.getAuthorities().stream()
                                .anyMatch(a -> a.getAuthority().equals("ROLE_" + role));
            }
        });
        MockVaadin.setup(UI::new, new MockSpringServlet(ROUTES, context, UI::new));
    }

    @AfterEach
    void tearDownVaadin() {
        MockVaadin.tearDown();
        TestUsers.signOut();
    }

    /**
     * Karibu's discovery skips package-private classes, and our views are package-private (docs/ARCHITECTURE.md): add every
     * {@code @Route} class found by Spring's scanner.
     */
    private static Routes discoverRoutes() {
        Routes routes = new Routes().autoDiscoverViews("io.meshportal");
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        for (var candidate : scanner.findCandidateComponents("io.meshportal")) {
            try {
                routes.getRoutes()
                        .add(Class.forName(candidate.getBeanClassName()).asSubclass(Component.class));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return routes;
    }

    /** Signs out and reloads the UI as an anonymous visitor. */
    protected void signOutAndReload() {
        TestUsers.signOut();
        MockVaadin.tearDown();
        MockVaadin.setup(UI::new, new MockSpringServlet(ROUTES, context, UI::new));
    }

    /** Reloads the UI for whoever is signed in on this thread now. */
    protected void reload() {
        MockVaadin.tearDown();
        MockVaadin.setup(UI::new, new MockSpringServlet(ROUTES, context, UI::new));
    }

    /** Signs in and reloads the UI so the layout is built for this user. */
    protected void signIn(String username) {
        users.signIn(username);
        MockVaadin.tearDown();
        MockVaadin.setup(UI::new, new MockSpringServlet(ROUTES, context, UI::new));
    }
}
