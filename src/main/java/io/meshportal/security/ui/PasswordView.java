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
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.PasswordPolicy;
import io.meshportal.security.UserRequestException;
import io.meshportal.security.UserService;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.PermitAll;
import java.util.Map;

/** Change one's own password; users with a one-time password are sent here until they do. */
@Route("password")
@PageTitle("Change password · MeshPortal")
@PermitAll
class PasswordView extends VerticalLayout {

    PasswordView(UserService users, io.meshportal.security.AccessTokenService tokens, CurrentUser currentUser) {
        setId("password-view");
        Viewer viewer = currentUser.require();
        PasswordField current = new PasswordField("Current password");
        current.setId("current-password");
        PasswordField next = new PasswordField("New password");
        next.setId("new-password");
        next.setHelperText(
                "At least " + PasswordPolicy.MIN_LENGTH + " characters, not your user name, not a common password");
        PasswordField repeat = new PasswordField("New password again");
        repeat.setId("repeat-password");
        Map<String, HasValidation> fields = Map.of("current", current, "new", next, "repeat", repeat);
        Button save = new Button("Change password", e -> {
            FieldProblems.clear(fields);
            if (!next.getValue().equals(repeat.getValue())) {
                repeat.setErrorMessage("The two new passwords differ");
                repeat.setInvalid(true);
                return;
            }
            try {
                users.changeOwnPassword(viewer, current.getValue(), next.getValue());
                Notification.show("Password changed");
                UI.getCurrent().navigate("");
            } catch (UserRequestException ex) {
                FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
            }
        });
        save.setId("change-password");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        boolean forced = users.mustChangePassword(viewer);
        add(new H2("Change password"));
        if (forced) {
            add(new Paragraph("You signed in with a one-time password. Choose your own password to continue."));
        }
        if (users.me(viewer).singleSignOn()) {
            // the provider keeps this person's password; only the sessions are managed here
            removeAll();
            add(
                    new H2("Sessions"),
                    new Paragraph(
                            "You sign in through your company's identity provider, which" + " keeps your password."));
        } else {
            add(current, next, repeat, save);
        }
        add(sessions(users, viewer), new AccessTokensPanel(tokens, viewer));
    }

    /** The user's own sessions, with a way to end the others (a forgotten browser, a lost device). */
    private static com.vaadin.flow.component.Component sessions(UserService users, Viewer viewer) {
        String currentId = com.vaadin.flow.server.VaadinSession.getCurrent() == null
                ? null
                : com.vaadin.flow.server.VaadinSession.getCurrent().getSession().getId();
        java.time.format.DateTimeFormatter time = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(java.time.ZoneOffset.UTC);
        com.vaadin.flow.component.grid.Grid<io.meshportal.security.SessionInfo> grid =
                new com.vaadin.flow.component.grid.Grid<>();
        grid.setId("my-sessions");
        grid.addColumn(s -> time.format(s.started())).setHeader("Signed in");
        grid.addColumn(s -> time.format(s.lastActive())).setHeader("Last active");
        grid.addColumn(io.meshportal.security.SessionInfo::client).setHeader("From");
        grid.addComponentColumn(s -> {
                    if (s.current()) {
                        return new com.vaadin.flow.component.html.Span("this session");
                    }
                    Button end = new Button("End", e -> {
                        try {
                            users.endMySession(viewer, s.handle());
                            Notification.show("Session ended");
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
        return new VerticalLayout(new H2("Your sessions"), grid);
    }
}
