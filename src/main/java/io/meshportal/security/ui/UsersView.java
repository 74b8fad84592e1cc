package io.meshportal.security.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.FactoryDirectory;
import io.meshportal.security.Role;
import io.meshportal.security.UserRequestException;
import io.meshportal.security.UserService;
import io.meshportal.security.UserSummary;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Map;

/**
 * User administration: create, enable/disable, reset password (one-time, change forced at next sign-in), change
 * role and factory, delete. Every change that narrows or replaces access ends the user's open sessions.
 */
@Route("users")
@PageTitle("Users · MeshPortal")
@Menu(order = 90, title = "Users", icon = "USERS")
@RolesAllowed(Role.ADMIN_NAME)
class UsersView extends VerticalLayout {

    private final UserService users;
    private final FactoryDirectory factories;
    private final Viewer viewer;
    private final Grid<UserSummary> grid = new Grid<>();

    private final io.meshportal.security.RegistrationService registration;
    private final Grid<io.meshportal.security.AccountRequestView> requests = new Grid<>();

    UsersView(
            UserService users,
            FactoryDirectory factories,
            CurrentUser currentUser,
            io.meshportal.security.RegistrationService registration) {
        this.registration = registration;
        this.users = users;
        this.factories = factories;
        this.viewer = currentUser.require();
        setId("users-view");
        setSizeFull();
        Button create = new Button("New user", e -> openCreate());
        create.setId("new-user");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout header = new HorizontalLayout(new H2("Users"), create);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        grid.setId("users-grid");
        grid.addColumn(UserSummary::username).setHeader("User").setSortable(true);
        grid.addColumn(u -> u.role().label()).setHeader("Role");
        grid.addColumn(u -> u.factoryId() == null ? "all factories" : u.factoryId())
                .setHeader("Factory");
        grid.addColumn(u -> (u.enabled() ? "enabled" : "disabled")
                        + (u.mustChangePassword() ? ", must change password" : "")
                        + (u.singleSignOn() ? ", single sign-on" : ""))
                .setHeader("Status");
        grid.addComponentColumn(this::actions).setHeader("Actions");
        requests.setId("account-requests");
        requests.addColumn(io.meshportal.security.AccountRequestView::username).setHeader("User name");
        requests.addColumn(io.meshportal.security.AccountRequestView::fullName).setHeader("Name");
        requests.addColumn(r -> r.reason() == null ? "" : r.reason()).setHeader("Reason");
        requests.addColumn(io.meshportal.security.AccountRequestView::client).setHeader("From");
        requests.addComponentColumn(r -> {
                    Button approve = new Button("Approve…", e -> openApprove(r));
                    approve.setId("approve-" + r.username());
                    Button reject = new Button("Reject", e -> {
                        registration.reject(viewer, r.id());
                        refresh();
                    });
                    reject.setId("reject-" + r.username());
                    reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
                    for (Button b : List.of(approve, reject)) {
                        b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                    }
                    return new HorizontalLayout(approve, reject);
                })
                .setHeader("Decide");
        requests.setAllRowsVisible(true);
        add(header, grid, new H2("Account requests"), requests);
        refresh();
    }

    private void refresh() {
        grid.setItems(users.list(viewer));
        requests.setItems(registration.pending(viewer));
    }

    private void openApprove(io.meshportal.security.AccountRequestView r) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Approve " + r.username());
        ComboBox<Role> role = new ComboBox<>("Role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(Role::label);
        role.setId("approve-role");
        ComboBox<String> factory = new ComboBox<>("Factory (factory managers)");
        factory.setItems(factories.factoryIds());
        factory.setId("approve-factory");
        factory.setEnabled(false);
        role.addValueChangeListener(e -> factory.setEnabled(e.getValue() == Role.FACTORY_MANAGER));
        Map<String, HasValidation> fields = Map.of("role", role, "factory", factory);
        Button save = new Button("Approve", e -> {
            FieldProblems.clear(fields);
            try {
                registration.approve(viewer, r.id(), role.getValue(), factory.getValue());
                dialog.close();
                refresh();
                Notification.show(r.username() + " can sign in now");
            } catch (UserRequestException ex) {
                FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
            }
        });
        save.setId("approve-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new FormLayout(role, factory));
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private HorizontalLayout actions(UserSummary u) {
        Button toggle = new Button(u.enabled() ? "Disable" : "Enable", e -> {
            try {
                users.setEnabled(viewer, u.username(), !u.enabled());
            } catch (UserRequestException ex) {
                Notification.show(ex.getMessage());
            }
            refresh();
        });
        Button reset =
                new Button("Reset password", e -> showOneTime(u.username(), users.resetPassword(viewer, u.username())));
        Button access = new Button("Change role", e -> openAccess(u));
        access.setId("access-" + u.username());
        Button delete = new Button("Delete", e -> confirmDelete(u.username()));
        delete.setId("delete-" + u.username());
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        // the identity provider owns a single-sign-on account's password, role and factory
        reset.setVisible(!u.singleSignOn());
        access.setVisible(!u.singleSignOn());
        for (Button b : List.of(toggle, reset, access, delete)) {
            b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        }
        return new HorizontalLayout(toggle, reset, access, delete);
    }

    /** Role and factory; the user's open sessions end when they change. */
    private void openAccess(UserSummary u) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Role of " + u.username());
        ComboBox<Role> role = new ComboBox<>("Role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(Role::label);
        role.setValue(u.role());
        role.setId("access-role");
        ComboBox<String> factory = new ComboBox<>("Factory (factory managers)");
        factory.setItems(factories.factoryIds());
        factory.setValue(u.factoryId());
        factory.setId("access-factory");
        factory.setEnabled(u.role() == Role.FACTORY_MANAGER);
        role.addValueChangeListener(e -> factory.setEnabled(e.getValue() == Role.FACTORY_MANAGER));
        Map<String, HasValidation> fields = Map.of("role", role, "factory", factory);
        Button save = new Button("Save", e -> {
            FieldProblems.clear(fields);
            try {
                users.changeAccess(viewer, u.username(), role.getValue(), factory.getValue());
                dialog.close();
                refresh();
                Notification.show(
                        u.username() + " now: " + role.getValue().label() + ". Their open sessions have ended.");
            } catch (UserRequestException ex) {
                FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
            }
        });
        save.setId("access-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new FormLayout(role, factory));
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private void confirmDelete(String username) {
        ConfirmDialog confirm = new ConfirmDialog(
                "Delete " + username + "?",
                "The account goes and its open sessions end. The audit log keeps the name.",
                "Delete",
                e -> {
                    try {
                        users.delete(viewer, username);
                    } catch (UserRequestException ex) {
                        Notification.show(ex.getMessage());
                    }
                    refresh();
                });
        confirm.setConfirmButtonTheme("error primary");
        confirm.setCancelable(true);
        confirm.open();
    }

    private void openCreate() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New user");
        TextField username = new TextField("User name");
        username.setId("new-username");
        ComboBox<Role> role = new ComboBox<>("Role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(Role::label);
        role.setId("new-role");
        ComboBox<String> factory = new ComboBox<>("Factory (factory managers)");
        factory.setItems(factories.factoryIds());
        factory.setId("new-factory");
        factory.setEnabled(false);
        role.addValueChangeListener(e -> factory.setEnabled(e.getValue() == Role.FACTORY_MANAGER));
        Map<String, HasValidation> fields = Map.of("username", username, "role", role, "factory", factory);
        Button save = new Button("Create", e -> {
            FieldProblems.clear(fields);
            try {
                String oneTime = users.create(
                        viewer,
                        username.getValue().trim(),
                        role.getValue(),
                        role.getValue() == Role.FACTORY_MANAGER ? factory.getValue() : null);
                dialog.close();
                refresh();
                showOneTime(username.getValue().trim(), oneTime);
            } catch (UserRequestException ex) {
                FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
            }
        });
        save.setId("create-user");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new FormLayout(username, role, factory));
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    /** The one-time password is shown once and never stored in clear. */
    private void showOneTime(String username, String password) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("One-time password for " + username);
        Span value = new Span(password);
        value.setId("one-time-password");
        value.getStyle().set("font-family", "monospace").set("font-size", "var(--lumo-font-size-l)");
        dialog.add(
                new Paragraph("Give it to the user. It is shown only now; they must choose their own password at "
                        + "the next sign-in."),
                value);
        dialog.getFooter().add(new Button("Done", e -> {
            dialog.close();
            refresh();
        }));
        dialog.open();
    }
}
