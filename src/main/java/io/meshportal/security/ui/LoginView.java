package io.meshportal.security.ui;

import com.vaadin.flow.component.html.Anchor;
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
import io.meshportal.security.LoginMessages;
import io.meshportal.security.OidcProperties;
import io.meshportal.security.SecurityProperties;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.web.WebAttributes;

/** Sign-in page. Public only because the security configuration names it. */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · MeshPortal")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    static final String DISABLED_MESSAGE = LoginMessages.DISABLED;
    static final String BAD_CREDENTIALS_MESSAGE = "Check that the user name and password are correct and try again.";

    private final LoginForm login = new LoginForm();
    private final AuthenticationContext authenticationContext;

    private final Paragraph ssoError = new Paragraph();

    LoginView(AuthenticationContext authenticationContext, SecurityProperties local, OidcProperties oidc) {
        this.authenticationContext = authenticationContext;
        addClassName("login-view");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        login.setAction("login");
        login.setForgotPasswordButtonVisible(false);
        Anchor request = new Anchor("request-account", "Request an account");
        request.setId("request-account-link");
        add(new H1("MeshPortal"), new Paragraph("Factories across the mesh, live."));
        ssoError.setId("sso-error");
        ssoError.addClassName("sso-error");
        ssoError.getElement().setAttribute("role", "alert");
        ssoError.setVisible(false);
        add(ssoError);
        if (oidc.enabled()) {
            // a plain link: the sign-in starts in Spring Security's filter, outside the router
            Anchor sso = new Anchor("oauth2/authorization/oidc", "Sign in with " + oidc.displayName());
            sso.setId("sso-sign-in");
            sso.addClassName("sso-sign-in");
            sso.setRouterIgnore(true);
            add(sso);
        }
        if (local.localAccounts()) {
            add(login, request);
        }
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
        if (event.getLocation().getQueryParameters().getParameters().containsKey("sso-error")) {
            VaadinSession session = VaadinSession.getCurrent();
            Object message = session == null ? null : session.getSession().getAttribute(LoginMessages.SSO_ERROR);
            ssoError.setText(message == null ? "Single sign-on failed. Please try again." : message.toString());
            ssoError.setVisible(true);
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
