package io.meshportal.security;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.VaadinSession;
import io.meshportal.security.ui.LoginView;
import io.meshportal.support.KaribuTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;

class NavigationTest extends KaribuTest {

    @Test
    void anonymousUserIsSentToTheLoginPage() {
        UI.getCurrent().navigate("");
        assertThat(_find(LoginView.class)).hasSize(1);
        _get(LoginForm.class);
    }

    @Test
    void noFailureTellsWhetherTheAccountExistsOrIsThrottled() {
        // whatever Spring Security reports (a lock would be the throttle's business now), the page says the same
        VaadinSession.getCurrent()
                .getSession()
                .setAttribute(WebAttributes.AUTHENTICATION_EXCEPTION, new LockedException("locked"));
        UI.getCurrent().navigate("login", QueryParameters.of("error", ""));
        String locked = i18n(_get(LoginForm.class));
        VaadinSession.getCurrent()
                .getSession()
                .setAttribute(
                        WebAttributes.AUTHENTICATION_EXCEPTION,
                        new org.springframework.security.authentication.BadCredentialsException("Bad credentials"));
        UI.getCurrent().navigate("login", QueryParameters.of("error", ""));
        assertThat(i18n(_get(LoginForm.class))).isEqualTo(locked).doesNotContain("locked");
    }

    @Test
    void wrongPasswordGetsTheGenericMessage() {
        UI.getCurrent().navigate("login", QueryParameters.of("error", ""));
        LoginForm form = _get(LoginForm.class);
        assertThat(form.isError()).isTrue();
        assertThat(i18n(form)).doesNotContain("locked");
    }

    @Test
    void adminSeesUserAdministrationInTheMenu() {
        signIn("k-admin");
        UI.getCurrent().navigate("");
        assertThat(menuTitles()).contains("Dashboard", "Users");
        UI.getCurrent().navigate("users");
        assertThat(_get(SideNav.class)).isNotNull();
    }

    @Test
    void officeManagerAndFactoryManagerDoNotSeeUserAdministration() {
        for (String user : List.of("k-office", "k-manager-a")) {
            signIn(user);
            UI.getCurrent().navigate("");
            assertThat(menuTitles()).as(user).contains("Dashboard").doesNotContain("Users");
        }
    }

    @Test
    void factoryManagerCannotOpenUsersByUrl() {
        signIn("k-manager-a");
        // Karibu turns Vaadin's access denial into an error instead of rendering the not-found page.
        assertThat(catchThrowable(() -> UI.getCurrent().navigate("users")))
                .isNotNull()
                .extracting(t -> t.getClass().getSimpleName())
                .isEqualTo("MockAccessDeniedException");
        assertThat(_find(com.vaadin.flow.component.Component.class, spec -> spec.withId("users-view")))
                .isEmpty();
    }

    @Test
    void userServiceRefusesNonAdminsEvenWithoutTheView() {
        UserService service = context.getBean(UserService.class);
        Viewer office = users.signIn("k-office");
        assertThatThrownBy(() -> service.list(office)).isInstanceOf(AccessDeniedException.class);
        assertThat(service.list(users.signIn("k-admin")))
                .extracting(UserSummary::username)
                .contains("k-admin");
    }

    private static String i18n(LoginForm form) {
        return String.valueOf(form.getElement().getPropertyRaw("i18n"));
    }

    private static List<String> menuTitles() {
        return _find(SideNavItem.class).stream().map(SideNavItem::getLabel).toList();
    }
}
