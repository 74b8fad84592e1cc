package io.meshportal.shell;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.theme.lumo.Lumo;
import io.meshportal.alerts.AlertService;
import io.meshportal.alerts.AlertView;
import io.meshportal.alerts.Severity;
import io.meshportal.base.ui.Live;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shell around every signed-in view. The side navigation lists only the views the user may open:
 * {@link MenuConfiguration} applies the same access rules that guard navigation.
 */
@Layout
@PermitAll
public final class MainLayout extends AppLayout {

    private final AlertService alerts;
    private final Span alertBadge = new Span();
    private Viewer viewer;

    MainLayout(
            CurrentUser currentUser,
            AuthenticationContext authenticationContext,
            AlertService alerts,
            io.meshportal.security.UserService users) {
        this.alerts = alerts;
        setPrimarySection(Section.DRAWER);
        Span title = new Span(getTranslation("app.name"));
        title.addClassName("app-title");
        addToDrawer(title, createNav(this));

        HorizontalLayout bar = new HorizontalLayout();
        bar.setWidthFull();
        bar.setAlignItems(FlexComponent.Alignment.CENTER);
        bar.addClassName("top-bar");
        Span spacer = new Span();
        bar.add(new DrawerToggle(), spacer);
        bar.setFlexGrow(1, spacer);
        viewer = currentUser.viewer().orElse(null);
        alertBadge.setId("alert-badge");
        alertBadge.addClassName("alert-badge");
        alertBadge.getElement().setAttribute("title", getTranslation("shell.alerts.title"));
        alertBadge.addClickListener(e -> UI.getCurrent().navigate("alerts"));
        if (viewer != null) {
            bar.add(alertBadge, userLabel(viewer), languageSwitch(users));
            updateBadge();
        }
        Button theme = new Button(new Icon(VaadinIcon.ADJUST), e -> toggleDark());
        theme.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        // title, not a tooltip component: the same hint without two more components on every screen
        theme.setAriaLabel(getTranslation("shell.theme"));
        theme.getElement().setAttribute("title", getTranslation("shell.theme"));
        Button logout = new Button(
                getTranslation("shell.sign-out"), new Icon(VaadinIcon.SIGN_OUT), e -> authenticationContext.logout());
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        logout.setId("logout");
        Button password =
                new Button(new Icon(VaadinIcon.KEY), e -> UI.getCurrent().navigate("password"));
        password.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        password.setAriaLabel(getTranslation("shell.password"));
        password.getElement().setAttribute("title", getTranslation("shell.password"));
        bar.add(theme, password, logout);
        addToNavbar(bar);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        if (viewer == null) {
            return;
        }
        UI ui = event.getUI();
        Live.untilDetach(this, alerts.subscribe(viewer, alert -> {
            arrived.add(alert);
            if (bellQueued.compareAndSet(false, true)) {
                BELL.schedule(() -> ui.access(this::ring), BELL_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }));
    }

    /**
     * The alerts that arrived since the last ring, shown at once: the bell once, and a toast for each new one
     * (at most {@link #MAX_TOASTS}, then one that counts the rest). Alert changes come in bursts (one evaluation can
     * fire or resolve many), and a push per change to every open screen was most of what the portal sent.
     */
    private void ring() {
        bellQueued.set(false);
        List<AlertView> batch = new ArrayList<>();
        for (AlertView a; (a = arrived.poll()) != null; ) {
            batch.add(a);
        }
        updateBadge();
        List<AlertView> fresh = batch.stream()
                .filter(a -> a.active() && a.acknowledgedBy() == null && a.webhookStatus() == null)
                .toList();
        if (fresh.isEmpty()) {
            return;
        }
        closeExpiredToasts();
        fresh.stream().limit(MAX_TOASTS).forEach(alert -> {
            Notification n = toast(getTranslation(
                    "shell.alert.toast",
                    getTranslation("severity." + alert.severity().name()),
                    alert.ruleName(),
                    alert.subject()));
            n.addThemeVariants(
                    alert.severity() == Severity.CRITICAL
                            ? NotificationVariant.LUMO_ERROR
                            : NotificationVariant.LUMO_WARNING);
        });
        if (fresh.size() > MAX_TOASTS) {
            toast(getTranslation("shell.alert.more", fresh.size() - MAX_TOASTS));
        }
    }

    private Notification toast(String text) {
        Notification n = Notification.show(text, TOAST_MILLIS, Notification.Position.TOP_END);
        toasts.add(new Toast(n, System.nanoTime()));
        return n;
    }

    /**
     * A toast leaves the server's component tree when the browser reports it closed. A screen whose browser never
     * does (asleep, or a client that does not run the timers) would otherwise keep every toast of a wall left open
     * for days — the soak found 2.8 a minute per screen: the layout closes its own toasts once they are due.
     */
    private void closeExpiredToasts() {
        long now = System.nanoTime();
        while (!toasts.isEmpty()
                && (toasts.size() > MAX_KEPT_TOASTS
                        || now - toasts.peek().shownAt() > TimeUnit.MILLISECONDS.toNanos(TOAST_MILLIS + 1000))) {
            Notification due = toasts.poll().notification();
            due.close();
            due.removeFromParent(); // closing alone waits for the browser to confirm before it leaves the tree
        }
    }

    private record Toast(Notification notification, long shownAt) {}

    static final int TOAST_MILLIS = 6000;
    private final java.util.ArrayDeque<Toast> toasts = new java.util.ArrayDeque<>();

    static final int MAX_TOASTS = 3;
    /** Toasts a screen keeps at most, shown or not yet reported closed. */
    static final int MAX_KEPT_TOASTS = 2 * (MAX_TOASTS + 1);
    /** How long alert changes are gathered before a screen is told of them. */
    static final long BELL_DELAY_MILLIS = 250;

    private static final ScheduledExecutorService BELL = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alert-bell");
        t.setDaemon(true);
        return t;
    });
    private final Queue<AlertView> arrived = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean bellQueued = new AtomicBoolean();

    private void updateBadge() {
        long count = alerts.activeUnacknowledged(viewer);
        alertBadge.setText(count == 0 ? "" : "🔔 " + count);
        alertBadge.setVisible(count > 0);
    }

    private Span userLabel(Viewer viewer) {
        String scope = viewer.factoryId() == null ? "" : " · " + viewer.factoryId();
        Span label = new Span(viewer.username() + " ("
                + getTranslation("role." + viewer.role().name()) + scope + ")");
        label.setId("current-user");
        return label;
    }

    /** The user's language, remembered with their account; the screen is drawn again in it. */
    private com.vaadin.flow.component.select.Select<io.meshportal.base.Language> languageSwitch(
            io.meshportal.security.UserService users) {
        var select = new com.vaadin.flow.component.select.Select<io.meshportal.base.Language>();
        select.setId("language");
        select.setItems(io.meshportal.base.Language.values());
        select.setItemLabelGenerator(io.meshportal.base.Language::nativeName);
        select.setAriaLabel(getTranslation("shell.language"));
        select.getElement().setAttribute("title", getTranslation("shell.language"));
        select.setWidth("9rem");
        select.addThemeName("small");
        select.setValue(io.meshportal.base.Language.of(UI.getCurrent().getLocale())
                .orElse(io.meshportal.base.Language.ENGLISH));
        select.addValueChangeListener(e -> {
            if (!e.isFromClient() || e.getValue() == null) {
                return;
            }
            users.setLanguage(viewer, e.getValue());
            UI ui = UI.getCurrent();
            ui.setLocale(e.getValue().locale());
            ui.getSession().setLocale(e.getValue().locale());
            ui.getPage().reload(); // every text of the screen, drawn again in the new language
        });
        return select;
    }

    /** The menu, each entry by its route's path in the screen's language ("menu.fleet"; the dashboard "menu.home"). */
    private static SideNav createNav(com.vaadin.flow.component.Component owner) {
        SideNav nav = new SideNav();
        nav.setId("main-nav");
        MenuConfiguration.getMenuEntries().forEach(entry -> {
            String path = entry.path().replaceAll("^/|/$", "");
            String key = "menu." + (path.isEmpty() ? "home" : path.replace('/', '.'));
            SideNavItem item = new SideNavItem(owner.getTranslation(key), entry.path());
            if (entry.icon() != null) {
                item.setPrefixComponent(VaadinIcon.valueOf(entry.icon()).create());
            }
            nav.addItem(item);
        });
        return nav;
    }

    private static void toggleDark() {
        var themes = UI.getCurrent().getElement().getThemeList();
        if (themes.contains(Lumo.DARK)) {
            themes.remove(Lumo.DARK);
        } else {
            themes.add(Lumo.DARK);
        }
    }
}
