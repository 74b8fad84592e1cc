package io.meshportal.security.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.base.ui.Translations;
import io.meshportal.security.PasswordPolicy;
import io.meshportal.security.RegistrationService;
import io.meshportal.security.UserRequestException;
import java.util.Map;

/** Ask for an account: it gives no access until an administrator approves it. */
@Route(value = "request-account", autoLayout = false)
@AnonymousAllowed
class RequestAccountView extends VerticalLayout implements com.vaadin.flow.router.HasDynamicTitle {

    RequestAccountView(RegistrationService registration) {
        setId("request-account-view");
        setAlignItems(Alignment.CENTER);
        TextField username = new TextField(getTranslation("users.username"));
        username.setId("request-username");
        TextField fullName = new TextField(getTranslation("request.full-name"));
        fullName.setId("request-full-name");
        TextArea reason = new TextArea(getTranslation("request.reason"));
        reason.setId("request-reason");
        reason.setMaxLength(500);
        PasswordField password = new PasswordField(getTranslation("login.password"));
        password.setId("request-password");
        password.setHelperText(getTranslation("password.help", PasswordPolicy.MIN_LENGTH));
        PasswordField repeat = new PasswordField(getTranslation("request.repeat"));
        repeat.setId("request-repeat");
        Map<String, HasValidation> fields = Map.of(
                "username", username, "fullName", fullName, "reason", reason, "password", password, "repeat", repeat);
        Paragraph done = new Paragraph();
        done.setId("request-done");
        Button send = new Button(getTranslation("request.send"), e -> {
            FieldProblems.clear(fields);
            if (!password.getValue().equals(repeat.getValue())) {
                repeat.setErrorMessage(getTranslation("request.differ"));
                repeat.setInvalid(true);
                return;
            }
            try {
                VaadinRequest request = VaadinRequest.getCurrent();
                registration.request(
                        username.getValue(),
                        fullName.getValue(),
                        reason.getValue(),
                        password.getValue(),
                        request == null ? null : request.getRemoteAddr());
                done.setText(getTranslation("request.sent"));
                e.getSource().setEnabled(false);
            } catch (UserRequestException ex) {
                FieldProblems.show(fields, ex.problems())
                        .forEach(com.vaadin.flow.component.notification.Notification::show);
            }
        });
        send.setId("request-send");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(
                new H1(getTranslation("login.request")),
                new Paragraph(getTranslation("request.note")),
                username,
                fullName,
                reason,
                password,
                repeat,
                send,
                done,
                new Anchor("login", getTranslation("request.back")));
        if (!registration.open()) {
            Paragraph closed = new Paragraph(Translations.problem(RegistrationService.CLOSED));
            closed.setId("request-closed");
            removeAll();
            add(new H1(getTranslation("login.request")), closed, new Anchor("login", getTranslation("request.back")));
        }
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("login.request"));
    }
}
