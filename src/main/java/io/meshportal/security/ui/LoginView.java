package io.meshportal.security.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
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
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver, com.vaadin.flow.router.HasDynamicTitle {

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
        login.setI18n(i18n());
        Anchor request = new Anchor("request-account", getTranslation("login.request"));
        request.setId("request-account-link");
        add(new H1(getTranslation("app.name")), new Paragraph(getTranslation("login.tagline")));
        ssoError.setId("sso-error");
        ssoError.addClassName("sso-error");
        ssoError.getElement().setAttribute("role", "alert");
        ssoError.setVisible(false);
        add(ssoError);
        if (oidc.enabled()) {
            // a plain link: the sign-in starts in Spring Security's filter, outside the router
            Anchor sso = new Anchor("oauth2/authorization/oidc", getTranslation("login.sso", oidc.displayName()));
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
            ssoError.setText(message == null ? getTranslation("login.sso.failed") : message.toString());
            ssoError.setVisible(true);
        }
    }

    /** The sign-in form's own texts (Vaadin's are English only) in the screen's language. */
    private LoginI18n i18n() {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle(getTranslation("login.form-title"));
        i18n.getForm().setUsername(getTranslation("login.username"));
        i18n.getForm().setPassword(getTranslation("login.password"));
        i18n.getForm().setSubmit(getTranslation("login.submit"));
        return i18n;
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("login.title"));
    }

    private Object lastFailure() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? null : session.getSession().getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    }

    private void showError(Object failure) {
        LoginI18n i18n = i18n();
        LoginI18n.ErrorMessage error = i18n.getErrorMessage();
        // unknown user, wrong password and a throttled attempt all read the same: nothing to learn from the page
        if (failure instanceof DisabledException) {
            error.setTitle(getTranslation("login.disabled.title"));
            error.setMessage(getTranslation("login.disabled"));
        } else {
            error.setTitle(getTranslation("login.bad.title"));
            error.setMessage(getTranslation("login.bad"));
        }
        login.setI18n(i18n);
        login.setError(true);
    }
}
