package io.meshportal.security.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Role;
import io.meshportal.security.UserService;
import io.meshportal.security.UserSummary;
import jakarta.annotation.security.RolesAllowed;

@Route("users")
@PageTitle("Users · MeshPortal")
@Menu(order = 90, title = "Users", icon = "USERS")
@RolesAllowed(Role.ADMIN_NAME)
class UsersView extends VerticalLayout {

    UsersView(UserService users, CurrentUser currentUser) {
        setId("users-view");
        setSizeFull();
        Grid<UserSummary> grid = new Grid<>(UserSummary.class, false);
        grid.addColumn(UserSummary::username).setHeader("User").setSortable(true);
        grid.addColumn(u -> u.role().label()).setHeader("Role");
        grid.addColumn(u -> u.factoryId() == null ? "all factories" : u.factoryId()).setHeader("Factory");
        grid.addColumn(u -> u.enabled() ? "enabled" : "disabled").setHeader("Status");
        grid.setItems(users.list(currentUser.require()));
        add(new H2("Users"), grid);
    }
}
