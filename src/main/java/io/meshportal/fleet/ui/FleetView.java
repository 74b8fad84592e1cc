package io.meshportal.fleet.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.meshportal.base.ui.Inputs;
import io.meshportal.base.ui.Live;
import io.meshportal.base.ui.Translations;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.FactoryReporting;
import io.meshportal.fleet.FleetRequestException;
import io.meshportal.fleet.FleetRoutes;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.Workload;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.PermitAll;
import java.util.concurrent.CompletableFuture;

/** Factories as workloads: create, delete, scale, autoscale and restart, with progress. */
@Route(FleetRoutes.FLEET)
@Menu(order = 2, title = "Factories", icon = "FACTORY")
@PermitAll
class FleetView extends VerticalLayout implements BeforeEnterObserver, com.vaadin.flow.router.HasDynamicTitle {

    private final FleetService fleet;
    private final FactoryReporting reporting;
    private final Viewer viewer;
    private final Grid<Workload> grid = new Grid<>();
    private final Span status = new Span();

    FleetView(FleetService fleet, FactoryReporting reporting, CurrentUser currentUser) {
        this.fleet = fleet;
        this.reporting = reporting;
        this.viewer = currentUser.require();
        setId("fleet-view");
        setSizeFull();
        Button create = new Button(getTranslation("fleet.create"), e -> openCreate());
        create.setId("create-factory");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setVisible(viewer.canManageFleet());
        HorizontalLayout header = new HorizontalLayout(new H2(getTranslation("menu.fleet")), create);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        status.setId("fleet-status");
        grid.setId("workload-grid");
        grid.addColumn(Workload::name)
                .setHeader(getTranslation("column.factory"))
                .setFlexGrow(2)
                .setSortable(true);
        grid.addColumn(Workload::factoryId).setHeader(getTranslation("column.id"));
        grid.addColumn(Workload::country)
                .setHeader(getTranslation("column.country"))
                .setSortable(true);
        grid.addColumn(Workload::cluster).setHeader(getTranslation("column.cluster"));
        grid.addColumn(w -> w.readyReplicas() + " / " + w.desiredReplicas()).setHeader(getTranslation("column.ready"));
        grid.addColumn(w -> w.autoscaling() == null
                        ? Translations.t("fleet.autoscaling.off")
                        : w.autoscaling().minReplicas() + "–" + w.autoscaling().maxReplicas())
                .setHeader(getTranslation("column.autoscaling"));
        grid.addColumn(w -> w.cpuCores() == null
                        ? "—"
                        : String.format(Translations.locale(), "%.1f m", w.cpuCores() * 1000))
                .setHeader(getTranslation("column.cpu"));
        grid.addColumn(w -> w.memoryBytes() == null ? "—" : (w.memoryBytes() >> 20) + " MiB")
                .setHeader(getTranslation("column.memory"))
                .setTooltipGenerator(w -> w.memoryBytes() == null ? Translations.t("fleet.memory.shared") : null);
        grid.getColumns().forEach(c -> c.setAutoWidth(true));
        grid.addComponentColumn(this::actions)
                .setHeader(getTranslation("column.actions"))
                .setAutoWidth(true)
                .setFlexGrow(0);
        add(header, status, grid);
        refresh();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (FleetRoutes.asksForCreate(event.getLocation().getQueryParameters()) && viewer.canManageFleet()) {
            openCreate();
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        UI ui = event.getUI();
        // replica counts, autoscaling and readings change with the fleet: informer events, local changes, samples
        Live.untilDetach(this, fleet.subscribe(viewer, () -> ui.access(this::refresh)));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.fleet"));
    }

    private void refresh() {
        grid.setItems(fleet.workloads(viewer));
    }

    private void openCreate() {
        new CreateFactoryDialog(fleet, reporting, viewer).open();
    }

    private HorizontalLayout actions(Workload w) {
        HorizontalLayout actions = new HorizontalLayout();
        actions.add(
                small(getTranslation("fleet.scale"), e -> scaleDialog(w)),
                small(getTranslation("fleet.autoscale"), e -> autoscaleDialog(w)),
                small(
                        getTranslation("fleet.restart"),
                        e -> track(
                                getTranslation("fleet.restarting", w.factoryId()),
                                () -> fleet.restart(viewer, w.factoryId(), this::step))));
        if (viewer.canManageFleet()) {
            Button delete = small(getTranslation("fleet.delete"), e -> confirmDelete(w));
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
            delete.setId("delete-" + w.factoryId());
            actions.add(delete);
        }
        return actions;
    }

    private static Button small(
            String text,
            com.vaadin.flow.component.ComponentEventListener<com.vaadin.flow.component.ClickEvent<Button>> listener) {
        Button button = new Button(text, listener);
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return button;
    }

    private void confirmDelete(Workload w) {
        ConfirmDialog confirm = new ConfirmDialog(
                getTranslation("fleet.delete.title", w.name()),
                getTranslation("fleet.delete.text", w.factoryId()),
                getTranslation("fleet.delete"),
                e -> track(
                        getTranslation("fleet.deleting", w.factoryId()),
                        () -> fleet.delete(viewer, w.factoryId(), this::step)));
        confirm.setConfirmButtonTheme("error primary");
        confirm.setCancelable(true);
        confirm.open();
    }

    private void scaleDialog(Workload w) {
        IntegerField replicas =
                Inputs.bounded(new IntegerField(getTranslation("fleet.replicas")), 1, NewFactory.MAX_REPLICAS);
        replicas.setValue(w.desiredReplicas());
        replicas.setId("scale-replicas");
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(getTranslation("fleet.scale.title", w.name()));
        dialog.add(replicas);
        Button apply = new Button(getTranslation("fleet.scale"), e -> {
            Integer n = replicas.getValue();
            if (n == null || n < 1 || n > NewFactory.MAX_REPLICAS) {
                replicas.setErrorMessage(getTranslation("fleet.between", NewFactory.MAX_REPLICAS));
                replicas.setInvalid(true);
                return;
            }
            dialog.close();
            track(
                    getTranslation("fleet.scaling", w.factoryId(), n),
                    () -> fleet.scale(viewer, w.factoryId(), n, this::step));
        });
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button(getTranslation("action.cancel"), e -> dialog.close()), apply);
        dialog.open();
    }

    private void autoscaleDialog(Workload w) {
        IntegerField min =
                Inputs.bounded(new IntegerField(getTranslation("fleet.min-replicas")), 1, NewFactory.MAX_REPLICAS);
        IntegerField max =
                Inputs.bounded(new IntegerField(getTranslation("fleet.max-replicas")), 1, NewFactory.MAX_REPLICAS);
        Autoscaling current = w.autoscaling();
        min.setValue(current == null ? w.desiredReplicas() : current.minReplicas());
        max.setValue(
                current == null ? Math.min(NewFactory.MAX_REPLICAS, w.desiredReplicas() + 2) : current.maxReplicas());
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(getTranslation("fleet.autoscale.title", w.name()));
        dialog.add(new VerticalLayout(min, max));
        Button apply = new Button(getTranslation("action.apply"), e -> {
            if (min.getValue() == null
                    || max.getValue() == null
                    || min.getValue() < 1
                    || max.getValue() > NewFactory.MAX_REPLICAS
                    || min.getValue() > max.getValue()) {
                max.setErrorMessage(getTranslation("fleet.min-max", NewFactory.MAX_REPLICAS));
                max.setInvalid(true);
                return;
            }
            dialog.close();
            Autoscaling bounds = new Autoscaling(min.getValue(), max.getValue());
            track(
                    getTranslation("fleet.autoscaling", w.factoryId()),
                    () -> fleet.autoscale(viewer, w.factoryId(), bounds));
        });
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button off = new Button(getTranslation("fleet.turn-off"), e -> {
            dialog.close();
            track(
                    getTranslation("fleet.autoscaling-off", w.factoryId()),
                    () -> fleet.autoscale(viewer, w.factoryId(), null));
        });
        dialog.getFooter().add(new Button(getTranslation("action.cancel"), e -> dialog.close()), off, apply);
        dialog.open();
    }

    /** Runs a fleet operation, showing its steps and how it ended. */
    private void track(String what, java.util.function.Supplier<CompletableFuture<?>> operation) {
        UI ui = UI.getCurrent();
        status.setText(getTranslation("fleet.op.running", what));
        try {
            operation
                    .get()
                    .whenComplete((r, error) -> ui.access(() -> {
                        if (error == null) {
                            status.setText(getTranslation("fleet.op.done", what));
                        } else {
                            Throwable cause = error.getCause() != null ? error.getCause() : error;
                            status.setText(getTranslation("fleet.op.failed", what));
                            Notification.show(
                                            getTranslation("fleet.op.failed-because", what, cause.getMessage()),
                                            6000,
                                            Notification.Position.MIDDLE)
                                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
                        }
                        refresh();
                    }));
        } catch (FleetRequestException | io.meshportal.security.AccessDeniedException e) {
            status.setText(getTranslation("fleet.op.refused", what, Translations.problem(e.getMessage())));
        }
    }

    private void step(String message) {
        getUI().ifPresent(ui -> ui.access(() -> status.setText(message)));
    }
}
