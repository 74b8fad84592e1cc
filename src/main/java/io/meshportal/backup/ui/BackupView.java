package io.meshportal.backup.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshportal.backup.BackupService;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.RolesAllowed;

/** Administrators take a consistent copy of the database while the portal runs, and see the copies made. */
@Route("backup")
@PageTitle("Backup · MeshPortal")
@Menu(order = 95, title = "Backup", icon = "DATABASE")
@RolesAllowed(Role.ADMIN_NAME)
class BackupView extends VerticalLayout {

    private final BackupService backups;
    private final Viewer viewer;
    private final Grid<BackupService.Backup> grid = new Grid<>();

    BackupView(BackupService backups, CurrentUser currentUser) {
        this.backups = backups;
        this.viewer = currentUser.require();
        setId("backup-view");
        Button backup = new Button("Back up database", e -> {
            BackupService.Backup written = backups.backup(viewer);
            Notification.show(
                            "Backup written: " + written.file() + " (" + written.bytes() / 1024 + " KiB)",
                            8000,
                            Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            refresh();
        });
        backup.setId("backup-database");
        backup.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        backup.setTooltipText("A consistent copy of the database, taken while the portal runs");
        HorizontalLayout header = new HorizontalLayout(new H2("Backup"), backup);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        grid.setId("backup-grid");
        grid.addColumn(b -> b.file().getFileName().toString()).setHeader("File").setFlexGrow(2);
        grid.addColumn(b -> b.bytes() / 1024 + " KiB").setHeader("Size");
        grid.setAllRowsVisible(true);
        add(
                header,
                new Paragraph("Copies go to the backups folder of the data directory, readable only by the "
                        + "portal's user. To restore, stop the portal and put a copy in place of meshportal.db (README, "
                        + "\"Backup and restore\")."),
                grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(backups.list(viewer));
    }
}
