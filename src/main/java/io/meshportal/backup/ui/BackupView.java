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
import com.vaadin.flow.router.Route;
import io.meshportal.backup.BackupService;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.RolesAllowed;

/** Administrators take a consistent copy of the database while the portal runs, and see the copies made. */
@Route("backup")
@Menu(order = 95, title = "Backup", icon = "DATABASE")
@RolesAllowed(Role.ADMIN_NAME)
class BackupView extends VerticalLayout implements com.vaadin.flow.router.HasDynamicTitle {

    private final BackupService backups;
    private final Viewer viewer;
    private final Grid<BackupService.Backup> grid = new Grid<>();

    BackupView(BackupService backups, CurrentUser currentUser) {
        this.backups = backups;
        this.viewer = currentUser.require();
        setId("backup-view");
        Button backup = new Button(getTranslation("backup.run"), e -> {
            BackupService.Backup written = backups.backup(viewer);
            Notification.show(
                            getTranslation("backup.written", written.file().toString(), written.bytes() / 1024),
                            8000,
                            Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            refresh();
        });
        backup.setId("backup-database");
        backup.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        backup.setTooltipText(getTranslation("backup.tooltip"));
        HorizontalLayout header = new HorizontalLayout(new H2(getTranslation("menu.backup")), backup);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        grid.setId("backup-grid");
        grid.addColumn(b -> b.file().getFileName().toString())
                .setHeader(getTranslation("backup.file"))
                .setFlexGrow(2);
        grid.addColumn(b -> b.bytes() / 1024 + " KiB").setHeader(getTranslation("backup.size"));
        grid.setAllRowsVisible(true);
        add(header, new Paragraph(getTranslation("backup.note")), grid);
        refresh();
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.backup"));
    }

    private void refresh() {
        grid.setItems(backups.list(viewer));
    }
}
