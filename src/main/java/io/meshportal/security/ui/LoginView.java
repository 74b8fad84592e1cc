package io.meshportal.security.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.spring.security.AuthenticationContext;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.web.WebAttributes;

/** Sign-in page. Public only because the security configuration names it. */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · MeshPortal")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    static final String DISABLED_MESSAGE = "This account is disabled. Ask an administrator.";
    static final String BAD_CREDENTIALS_MESSAGE = "Check that the user name and password are correct and try again.";

    private final LoginForm login = new LoginForm();
    private final AuthenticationContext authenticationContext;

    LoginView(AuthenticationContext authenticationContext) {
        this.authenticationContext = authenticationContext;
        addClassName("login-view");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        login.setAction("login");
        login.setForgotPasswordButtonVisible(false);
        com.vaadin.flow.component.html.Anchor request =
                new com.vaadin.flow.component.html.Anchor("request-account", "Request an account");
        request.setId("request-account-link");
        add(new H1("MeshPortal"), new Paragraph("Factories across the mesh, live."), login, request);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (authenticationContext.isAuthenticated()) {
            event.forwardTo("");
            return;
        }
        if (event.getLocation().getQueryParameters().getParameters().containsKey("error")) {
            showError(lastFailure());
        }
    }

    private Object lastFailure() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? null : session.getSession().getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    }

    private void showError(Object failure) {
        LoginI18n i18n = LoginI18n.createDefault();
        LoginI18n.ErrorMessage error = i18n.getErrorMessage();
        // unknown user, wrong password and a throttled attempt all read the same: nothing to learn from the page
        if (failure instanceof DisabledException) {
            error.setTitle("Account disabled");
            error.setMessage(DISABLED_MESSAGE);
        } else {
            error.setTitle("Incorrect user name or password");
            error.setMessage(BAD_CREDENTIALS_MESSAGE);
        }
        login.setI18n(i18n);
        login.setError(true);
    }
}
