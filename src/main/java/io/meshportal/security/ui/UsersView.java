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
import com.vaadin.flow.router.Route;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.base.ui.Translations;
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
@Menu(order = 90, title = "Users", icon = "USERS")
@RolesAllowed(Role.ADMIN_NAME)
class UsersView extends VerticalLayout implements com.vaadin.flow.router.HasDynamicTitle {

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
        Button create = new Button(getTranslation("users.new"), e -> openCreate());
        create.setId("new-user");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout header = new HorizontalLayout(new H2(getTranslation("menu.users")), create);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        grid.setId("users-grid");
        grid.addColumn(UserSummary::username)
                .setHeader(getTranslation("users.user"))
                .setSortable(true);
        grid.addColumn(u -> Translations.t("role." + u.role().name())).setHeader(getTranslation("users.role"));
        grid.addColumn(u -> u.factoryId() == null ? Translations.t("users.all-factories") : u.factoryId())
                .setHeader(getTranslation("column.factory"));
        grid.addColumn(u -> Translations.t(u.enabled() ? "users.enabled" : "users.disabled")
                        + (u.mustChangePassword() ? ", " + Translations.t("users.must-change") : "")
                        + (u.singleSignOn() ? ", " + Translations.t("users.sso") : ""))
                .setHeader(getTranslation("users.status"));
        grid.addComponentColumn(this::actions).setHeader(getTranslation("column.actions"));
        requests.setId("account-requests");
        requests.addColumn(io.meshportal.security.AccountRequestView::username)
                .setHeader(getTranslation("users.username"));
        requests.addColumn(io.meshportal.security.AccountRequestView::fullName)
                .setHeader(getTranslation("create.name"));
        requests.addColumn(r -> r.reason() == null ? "" : r.reason()).setHeader(getTranslation("events.reason"));
        requests.addColumn(io.meshportal.security.AccountRequestView::client).setHeader(getTranslation("users.from"));
        requests.addComponentColumn(r -> {
                    Button approve = new Button(Translations.t("users.approve.open"), e -> openApprove(r));
                    approve.setId("approve-" + r.username());
                    Button reject = new Button(Translations.t("users.reject"), e -> {
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
                .setHeader(getTranslation("users.decide"));
        requests.setAllRowsVisible(true);
        add(header, grid, new H2(getTranslation("users.requests")), requests);
        refresh();
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.users"));
    }

    private void refresh() {
        grid.setItems(users.list(viewer));
        requests.setItems(registration.pending(viewer));
    }

    private void openApprove(io.meshportal.security.AccountRequestView r) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(getTranslation("users.approve.title", r.username()));
        ComboBox<Role> role = new ComboBox<>(getTranslation("users.role"));
        role.setItems(Role.values());
        role.setItemLabelGenerator(x -> getTranslation("role." + x.name()));
        role.setId("approve-role");
        ComboBox<String> factory = new ComboBox<>(getTranslation("users.factory"));
        factory.setItems(factories.factoryIds());
        factory.setId("approve-factory");
        factory.setEnabled(false);
        role.addValueChangeListener(e -> factory.setEnabled(e.getValue() == Role.FACTORY_MANAGER));
        Map<String, HasValidation> fields = Map.of("role", role, "factory", factory);
        Button save = new Button(getTranslation("users.approve"), e -> {
            FieldProblems.clear(fields);
            try {
                registration.approve(viewer, r.id(), role.getValue(), factory.getValue());
                dialog.close();
                refresh();
                Notification.show(getTranslation("users.approved", r.username()));
            } catch (UserRequestException ex) {
                FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
            }
        });
        save.setId("approve-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new FormLayout(role, factory));
        dialog.getFooter().add(new Button(getTranslation("action.cancel"), e -> dialog.close()), save);
        dialog.open();
    }

    private HorizontalLayout actions(UserSummary u) {
        Button toggle = new Button(getTranslation(u.enabled() ? "alerts.disable" : "alerts.enable"), e -> {
            try {
                users.setEnabled(viewer, u.username(), !u.enabled());
            } catch (UserRequestException ex) {
                Notification.show(ex.getMessage());
            }
            refresh();
        });
        Button reset = new Button(
                getTranslation("users.reset"),
                e -> showOneTime(u.username(), users.resetPassword(viewer, u.username())));
        Button access = new Button(getTranslation("users.change-role"), e -> openAccess(u));
        access.setId("access-" + u.username());
        Button delete = new Button(getTranslation("fleet.delete"), e -> confirmDelete(u.username()));
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
        dialog.setHeaderTitle(getTranslation("users.role-of", u.username()));
        ComboBox<Role> role = new ComboBox<>(getTranslation("users.role"));
        role.setItems(Role.values());
        role.setItemLabelGenerator(x -> getTranslation("role." + x.name()));
        role.setValue(u.role());
        role.setId("access-role");
        ComboBox<String> factory = new ComboBox<>(getTranslation("users.factory"));
        factory.setItems(factories.factoryIds());
        factory.setValue(u.factoryId());
        factory.setId("access-factory");
        factory.setEnabled(u.role() == Role.FACTORY_MANAGER);
        role.addValueChangeListener(e -> factory.setEnabled(e.getValue() == Role.FACTORY_MANAGER));
        Map<String, HasValidation> fields = Map.of("role", role, "factory", factory);
        Button save = new Button(getTranslation("action.save"), e -> {
            FieldProblems.clear(fields);
            try {
                users.changeAccess(viewer, u.username(), role.getValue(), factory.getValue());
                dialog.close();
                refresh();
                Notification.show(getTranslation(
                        "users.role-changed",
                        u.username(),
                        getTranslation("role." + role.getValue().name())));
            } catch (UserRequestException ex) {
                FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
            }
        });
        save.setId("access-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new FormLayout(role, factory));
        dialog.getFooter().add(new Button(getTranslation("action.cancel"), e -> dialog.close()), save);
        dialog.open();
    }

    private void confirmDelete(String username) {
        ConfirmDialog confirm = new ConfirmDialog(
                getTranslation("fleet.delete.title", username),
                getTranslation("users.delete.text"),
                getTranslation("fleet.delete"),
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
        dialog.setHeaderTitle(getTranslation("users.new"));
        TextField username = new TextField(getTranslation("users.username"));
        username.setId("new-username");
        ComboBox<Role> role = new ComboBox<>(getTranslation("users.role"));
        role.setItems(Role.values());
        role.setItemLabelGenerator(x -> getTranslation("role." + x.name()));
        role.setId("new-role");
        ComboBox<String> factory = new ComboBox<>(getTranslation("users.factory"));
        factory.setItems(factories.factoryIds());
        factory.setId("new-factory");
        factory.setEnabled(false);
        role.addValueChangeListener(e -> factory.setEnabled(e.getValue() == Role.FACTORY_MANAGER));
        Map<String, HasValidation> fields = Map.of("username", username, "role", role, "factory", factory);
        Button save = new Button(getTranslation("create.submit"), e -> {
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
        dialog.getFooter().add(new Button(getTranslation("action.cancel"), e -> dialog.close()), save);
        dialog.open();
    }

    /** The one-time password is shown once and never stored in clear. */
    private void showOneTime(String username, String password) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(getTranslation("users.one-time", username));
        Span value = new Span(password);
        value.setId("one-time-password");
        value.getStyle().set("font-family", "monospace").set("font-size", "var(--lumo-font-size-l)");
        dialog.add(new Paragraph(getTranslation("users.one-time.text")), value);
        dialog.getFooter().add(new Button(getTranslation("action.done"), e -> {
            dialog.close();
            refresh();
        }));
        dialog.open();
    }
}
