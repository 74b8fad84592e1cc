package io.meshportal.audit.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Role;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The audit log, read-only: nothing in the application can edit or delete an entry. */
@Route("audit")
@PageTitle("Audit log · MeshPortal")
@Menu(order = 80, title = "Audit log", icon = "RECORDS")
@RolesAllowed({Role.ADMIN_NAME, Role.OFFICE_MANAGER_NAME})
class AuditView extends VerticalLayout {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    static final String ANY = "Any outcome";

    AuditView(AuditLog audit, CurrentUser currentUser) {
        setId("audit-view");
        setSizeFull();
        ListDataProvider<AuditRecord> records = new ListDataProvider<>(audit.recent(currentUser.require(), 1000));
        TextField text = new TextField();
        text.setPlaceholder("Filter by user, action or target");
        text.setValueChangeMode(ValueChangeMode.LAZY);
        text.setId("audit-filter");
        Select<String> outcome = new Select<>();
        outcome.setItems(java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(ANY),
                        java.util.Arrays.stream(AuditRecord.Outcome.values()).map(Enum::name))
                .toList());
        outcome.setValue(ANY);
        Runnable apply = () -> records.setFilter(r -> matches(r, text.getValue(), outcome.getValue()));
        text.addValueChangeListener(e -> apply.run());
        outcome.addValueChangeListener(e -> apply.run());
        Grid<AuditRecord> grid = new Grid<>();
        grid.setId("audit-grid");
        grid.setDataProvider(records);
        grid.addColumn(r -> TIME.format(r.at())).setHeader("When").setAutoWidth(true);
        grid.addColumn(AuditRecord::actor).setHeader("Who");
        grid.addColumn(AuditRecord::action).setHeader("What");
        grid.addColumn(AuditRecord::target).setHeader("Target");
        grid.addColumn(r -> r.outcome().name()).setHeader("Outcome");
        grid.addColumn(AuditRecord::detail).setHeader("Detail").setFlexGrow(3);
        HorizontalLayout filters = new HorizontalLayout(new H2("Audit log"), text, outcome);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(filters, grid);
    }

    static boolean matches(AuditRecord r, String text, String outcome) {
        if (outcome != null && !ANY.equals(outcome) && !r.outcome().name().equals(outcome)) {
            return false;
        }
        if (text == null || text.isBlank()) {
            return true;
        }
        String needle = text.toLowerCase(Locale.ROOT);
        return contains(r.actor(), needle) || contains(r.action(), needle) || contains(r.target(), needle);
    }

    private static boolean contains(String value, String needle) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(needle);
    }
}
