package io.meshportal.security.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.Route;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.base.ui.Translations;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.PasswordPolicy;
import io.meshportal.security.UserRequestException;
import io.meshportal.security.UserService;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.PermitAll;
import java.util.Map;

/** Change one's own password; users with a one-time password are sent here until they do. */
@Route("password")
@PermitAll
class PasswordView extends VerticalLayout implements com.vaadin.flow.router.HasDynamicTitle {

    PasswordView(UserService users, io.meshportal.security.AccessTokenService tokens, CurrentUser currentUser) {
        setId("password-view");
        Viewer viewer = currentUser.require();
        PasswordField current = new PasswordField(getTranslation("password.current"));
        current.setId("current-password");
        PasswordField next = new PasswordField(getTranslation("password.new"));
        next.setId("new-password");
        next.setHelperText(getTranslation("password.help", PasswordPolicy.MIN_LENGTH));
        PasswordField repeat = new PasswordField(getTranslation("password.repeat"));
        repeat.setId("repeat-password");
        Map<String, HasValidation> fields = Map.of("current", current, "new", next, "repeat", repeat);
        Button save = new Button(getTranslation("shell.password"), e -> {
            FieldProblems.clear(fields);
            if (!next.getValue().equals(repeat.getValue())) {
                repeat.setErrorMessage(getTranslation("password.differ"));
                repeat.setInvalid(true);
                return;
            }
            try {
                users.changeOwnPassword(viewer, current.getValue(), next.getValue());
                Notification.show(getTranslation("password.changed"));
                UI.getCurrent().navigate("");
            } catch (UserRequestException ex) {
                FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
            }
        });
        save.setId("change-password");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        boolean forced = users.mustChangePassword(viewer);
        add(new H2(getTranslation("shell.password")));
        if (forced) {
            add(new Paragraph(getTranslation("password.forced")));
        }
        if (users.me(viewer).singleSignOn()) {
            // the provider keeps this person's password; only the sessions are managed here
            removeAll();
            add(new H2(getTranslation("password.sessions")), new Paragraph(getTranslation("password.sso")));
        } else {
            add(current, next, repeat, save);
        }
        add(sessions(users, viewer), new AccessTokensPanel(tokens, viewer));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("shell.password"));
    }

    /** The user's own sessions, with a way to end the others (a forgotten browser, a lost device). */
    private static com.vaadin.flow.component.Component sessions(UserService users, Viewer viewer) {
        String currentId = com.vaadin.flow.server.VaadinSession.getCurrent() == null
                ? null
                : com.vaadin.flow.server.VaadinSession.getCurrent().getSession().getId();
        com.vaadin.flow.component.grid.Grid<io.meshportal.security.SessionInfo> grid =
                new com.vaadin.flow.component.grid.Grid<>();
        grid.setId("my-sessions");
        grid.addColumn(s -> Translations.dateTime(s.started())).setHeader(Translations.t("password.signed-in"));
        grid.addColumn(s -> Translations.dateTime(s.lastActive())).setHeader(Translations.t("password.last-active"));
        grid.addColumn(io.meshportal.security.SessionInfo::client).setHeader(Translations.t("users.from"));
        grid.addComponentColumn(s -> {
                    if (s.current()) {
                        return new com.vaadin.flow.component.html.Span(Translations.t("password.this-session"));
                    }
                    Button end = new Button(Translations.t("password.end"), e -> {
                        try {
                            users.endMySession(viewer, s.handle());
                            Notification.show(Translations.t("password.ended"));
                        } catch (UserRequestException ex) {
                            Notification.show(ex.getMessage());
                        }
                        grid.setItems(users.mySessions(viewer, currentId));
                    });
                    end.setId("end-session-" + s.handle());
                    end.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
                    return end;
                })
                .setHeader("");
        grid.setItems(users.mySessions(viewer, currentId));
        grid.setAllRowsVisible(true);
        return new VerticalLayout(new H2(Translations.t("password.your-sessions")), grid);
    }
}
