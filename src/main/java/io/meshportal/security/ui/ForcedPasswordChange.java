package io.meshportal.security.ui;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.UserService;
import org.springframework.stereotype.Component;

/** Until a one-time password is replaced, every navigation leads to the password page. */
@Component
class ForcedPasswordChange implements VaadinServiceInitListener {

    private final CurrentUser currentUser;
    private final UserService users;

    ForcedPasswordChange(CurrentUser currentUser, UserService users) {
        this.currentUser = currentUser;
        this.users = users;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(enter -> {
            if (enter.getNavigationTarget() == PasswordView.class || enter.getNavigationTarget() == LoginView.class) {
                return;
            }
            currentUser.viewer().filter(users::mustChangePassword).ifPresent(v -> enter.rerouteTo(PasswordView.class));
        }));
    }
}
