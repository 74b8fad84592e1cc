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
import com.vaadin.flow.router.Route;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord;
import io.meshportal.base.ui.CsvDownload;
import io.meshportal.base.ui.Translations;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Role;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.util.Locale;

/** The audit log, read-only: nothing in the application can edit or delete an entry. */
@Route("audit")
@Menu(order = 80, title = "Audit log", icon = "RECORDS")
@RolesAllowed({Role.ADMIN_NAME, Role.OFFICE_MANAGER_NAME})
class AuditView extends VerticalLayout implements com.vaadin.flow.router.HasDynamicTitle {

    static final String ANY = "ANY";

    AuditView(AuditLog audit, CurrentUser currentUser) {
        setId("audit-view");
        setSizeFull();
        io.meshportal.security.Viewer viewer = currentUser.require();
        java.util.List<AuditRecord> shown = new java.util.ArrayList<>(audit.recent(viewer, 1000));
        ListDataProvider<AuditRecord> records = new ListDataProvider<>(shown);
        // a date range (UTC days, both included), and the same range as CSV
        java.time.LocalDate today = java.time.LocalDate.now(ZoneOffset.UTC);
        com.vaadin.flow.component.datepicker.DatePicker from =
                new com.vaadin.flow.component.datepicker.DatePicker(getTranslation("audit.from"));
        com.vaadin.flow.component.datepicker.DatePicker to =
                new com.vaadin.flow.component.datepicker.DatePicker(getTranslation("audit.to"), today);
        from.setI18n(io.meshportal.base.ui.Translations.datePicker());
        to.setI18n(io.meshportal.base.ui.Translations.datePicker());
        from.setId("audit-from");
        to.setId("audit-to");
        com.vaadin.flow.component.html.Anchor export = new com.vaadin.flow.component.html.Anchor();
        export.setText(getTranslation("audit.export"));
        export.setId("audit-csv");
        Runnable reload = () -> {
            to.setInvalid(false);
            java.time.Instant start = from.getValue() == null
                    ? java.time.Instant.EPOCH
                    : from.getValue().atStartOfDay(ZoneOffset.UTC).toInstant();
            java.time.Instant end = (to.getValue() == null ? today : to.getValue())
                    .plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            try {
                java.util.List<AuditRecord> found = audit.between(viewer, start, end, 1000);
                shown.clear();
                shown.addAll(found);
                records.refreshAll();
                // spooled, then sent: a slow client holds no database connection
                export.setHref(CsvDownload.of(
                        "audit-" + start.toString().substring(0, 10) + ".csv",
                        out -> audit.export(viewer, start, end, out),
                        e -> e instanceof io.meshportal.base.InvalidRequestException
                                || e instanceof io.meshportal.security.AccessDeniedException));
            } catch (io.meshportal.base.InvalidRequestException e) {
                to.setErrorMessage(e.problems().getOrDefault("to", e.getMessage()));
                to.setInvalid(true);
            }
        };
        from.addValueChangeListener(e -> reload.run());
        to.addValueChangeListener(e -> reload.run());
        reload.run();
        TextField text = new TextField();
        text.setPlaceholder(getTranslation("audit.filter"));
        text.setValueChangeMode(ValueChangeMode.LAZY);
        text.setId("audit-filter");
        Select<String> outcome = new Select<>();
        outcome.setItems(java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(ANY),
                        java.util.Arrays.stream(AuditRecord.Outcome.values()).map(Enum::name))
                .toList());
        outcome.setItemLabelGenerator(o -> ANY.equals(o) ? getTranslation("audit.any-outcome") : o);
        outcome.setAriaLabel(getTranslation("audit.outcome"));
        outcome.setValue(ANY);
        Runnable apply = () -> records.setFilter(r -> matches(r, text.getValue(), outcome.getValue()));
        text.addValueChangeListener(e -> apply.run());
        outcome.addValueChangeListener(e -> apply.run());
        Grid<AuditRecord> grid = new Grid<>();
        grid.setId("audit-grid");
        grid.setDataProvider(records);
        grid.addColumn(r -> Translations.dateTime(r.at()))
                .setHeader(getTranslation("audit.when"))
                .setAutoWidth(true);
        grid.addColumn(AuditRecord::actor).setHeader(getTranslation("audit.who"));
        grid.addColumn(AuditRecord::action).setHeader(getTranslation("audit.what"));
        grid.addColumn(AuditRecord::target).setHeader(getTranslation("audit.target"));
        grid.addColumn(r -> r.outcome().name()).setHeader(getTranslation("audit.outcome"));
        grid.addColumn(AuditRecord::detail)
                .setHeader(getTranslation("audit.detail"))
                .setFlexGrow(3);
        HorizontalLayout filters =
                new HorizontalLayout(new H2(getTranslation("menu.audit")), text, outcome, from, to, export);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(filters, grid);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.audit"));
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
