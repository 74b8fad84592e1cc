package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;

@Route("")
@PageTitle("Dashboard · MeshPortal")
@Menu(order = 0, title = "Dashboard", icon = "DASHBOARD")
@PermitAll
class DashboardView extends VerticalLayout {

    DashboardView() {
        setId("dashboard");
        add(new H2("Fleet dashboard"));
    }
}
