package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.Lumo;
import io.meshportal.base.ui.Live;
import io.meshportal.base.ui.LiveChart;
import io.meshportal.base.ui.Translations;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.FactoryTelemetry;
import io.meshportal.telemetry.FleetTotals;
import io.meshportal.telemetry.TelemetryService;
import io.meshportal.telemetry.TelemetryUpdate;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kiosk display for a wall screen: no navigation, dark, large type. {@code ?mode=grid} (default) shows every
 * factory as a card; {@code ?mode=rotate&every=15} shows one factory at a time with its chart. Everything is
 * updated in place, so it runs for days without growing.
 */
@Route(value = "wall", autoLayout = false)
@Menu(order = 1, title = "Wall display", icon = "DESKTOP")
@PermitAll
class WallView extends Div implements BeforeEnterObserver, com.vaadin.flow.router.HasDynamicTitle {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final TelemetryService telemetry;
    private final Viewer viewer;
    private final Span clock = new Span();
    private final Span fleetOut = new Span();
    private final Span fleetOee = new Span();
    private final Span fleetUp = new Span();
    private final Div cards = new Div();
    private final Map<String, WallCard> cardsById = new HashMap<>();
    private final Span moreCards = new Span();
    private List<String> shownIds = List.of();

    /** The most cards a wall shows (see {@link #showCards}). */
    static final int MAX_CARDS = 48;

    private final Div focus = new Div();
    private final Span focusName = new Span();
    private final Span focusFigures = new Span();
    private LiveChart focusChart;
    private boolean rotate;
    private int rotateEverySeconds = 15;
    private int focusIndex;
    private String focusId;
    private long focusSince;

    WallView(TelemetryService telemetry, CurrentUser currentUser) {
        this.telemetry = telemetry;
        this.viewer = currentUser.require();
        setId("wall");
        addClassName("wall");
        Span title = new Span(getTranslation(
                "title.page", viewer.seesAllFactories() ? getTranslation("dashboard.fleet") : viewer.factoryId()));
        title.addClassName("wall-title");
        clock.addClassName("wall-clock");
        fleetOut.setId("wall-output");
        Div header = new Div(
                title,
                figure(getTranslation("wall.out"), fleetOut),
                figure(getTranslation("column.oee"), fleetOee),
                figure(getTranslation("dashboard.kpi.factories"), fleetUp),
                clock);
        header.addClassName("wall-header");
        cards.addClassName("wall-cards");
        moreCards.setId("wall-more");
        moreCards.addClassName("wall-more");
        moreCards.setVisible(false);
        focusName.addClassName("wall-focus-name");
        focusFigures.addClassName("wall-focus-figures");
        focus.addClassName("wall-focus");
        add(header, cards, moreCards, focus);
    }

    private static Div figure(String label, Span value) {
        Span caption = new Span(label);
        caption.addClassName("wall-figure-label");
        value.addClassName("wall-figure-value");
        Div figure = new Div(caption, value);
        figure.addClassName("wall-figure");
        return figure;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters q = event.getLocation().getQueryParameters();
        rotate = q.getSingleParameter("mode").map("rotate"::equals).orElse(false);
        rotateEverySeconds =
                q.getSingleParameter("every").map(WallView::seconds).orElse(15);
        cards.setVisible(!rotate);
        focus.setVisible(rotate);
    }

    private static int seconds(String text) {
        try {
            return Math.max(5, Math.min(3600, Integer.parseInt(text)));
        } catch (NumberFormatException e) {
            return 15;
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        UI ui = event.getUI();
        ui.getElement().getThemeList().add(Lumo.DARK);
        apply(telemetry.current(viewer));
        Live.untilDetach(this, telemetry.subscribe(viewer, update -> ui.access(() -> apply(update))));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().getElement().getThemeList().remove(Lumo.DARK);
        super.onDetach(event);
    }

    private void apply(TelemetryUpdate update) {
        FleetTotals t = update.totals();
        clock.setText(CLOCK.format(update.at()));
        fleetOut.setText(Format.rate(t.outputRatePerMinute()));
        fleetOee.setText(Format.percent(t.oee().oee()));
        fleetUp.setText((t.up() + t.degraded()) + " / " + t.factories());
        if (rotate) {
            showFocus(update);
        } else {
            showCards(update.factories(), update);
        }
    }

    /**
     * At most {@link #MAX_CARDS} cards, those that need attention first (not answering, slow, not running), then
     * the others in fleet order; a line says how many more there are. A wall is read from across the room: a few
     * dozen cards is what it can show, and drawing thousands each second on every wall cost most of the portal's
     * CPU (measured: 300 factories, 50 walls, 1.5 cores on their own).
     */
    private void showCards(List<FactoryTelemetry> factories, TelemetryUpdate update) {
        List<FactoryTelemetry> shown = select(factories, MAX_CARDS);
        int attention =
                (int) factories.stream().filter(WallView::needsAttention).count();
        List<String> ids = shown.stream().map(FactoryTelemetry::id).toList();
        if (!ids.equals(shownIds)) {
            java.util.Set<String> keep = new java.util.HashSet<>(ids);
            cardsById.keySet().retainAll(keep);
            cards.removeAll();
            for (String id : ids) {
                cards.add(cardsById.computeIfAbsent(id, x -> new WallCard()));
            }
            shownIds = ids;
        }
        for (FactoryTelemetry f : shown) {
            cardsById.get(f.id()).show(f, update.at());
        }
        int more = factories.size() - shown.size();
        int moreAttention = Math.max(
                0,
                attention
                        - (int) shown.stream().filter(WallView::needsAttention).count());
        moreCards.setText(
                more == 0
                        ? ""
                        : moreAttention > 0
                                ? getTranslation("wall.more.attention", more, moreAttention)
                                : getTranslation("wall.more.running", more));
        moreCards.setVisible(more > 0);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.wall"));
    }

    /** Up to {@code max}: those that need attention first, then the others, each group in fleet order. */
    static List<FactoryTelemetry> select(List<FactoryTelemetry> factories, int max) {
        List<FactoryTelemetry> shown = new ArrayList<>(Math.min(max, factories.size()));
        for (FactoryTelemetry f : factories) {
            if (shown.size() < max && needsAttention(f)) {
                shown.add(f);
            }
        }
        for (FactoryTelemetry f : factories) {
            if (shown.size() < max && !needsAttention(f)) {
                shown.add(f);
            }
        }
        return shown;
    }

    static boolean needsAttention(FactoryTelemetry f) {
        return f.health().status() != io.meshportal.telemetry.FactoryStatus.UP
                || f.latest() == null
                || f.latest().state() != io.meshportal.factory.FactoryState.RUNNING;
    }

    private void showFocus(TelemetryUpdate update) {
        List<FactoryTelemetry> factories = update.factories();
        if (factories.isEmpty()) {
            focusName.setText(getTranslation("wall.none"));
            return;
        }
        long now = update.at().toEpochMilli();
        if (focusId == null || now - focusSince >= rotateEverySeconds * 1000L) {
            focusIndex = (focusIndex + 1) % factories.size();
            FactoryTelemetry next = factories.get(focusIndex);
            focusId = next.id();
            focusSince = now;
            focus.removeAll();
            focusChart = ChartSeries.rates(Duration.ofMinutes(15));
            focus.add(focusName, focusFigures, focusChart);
            List<io.meshportal.telemetry.Sample> history = telemetry.history(viewer, focusId, Duration.ofMinutes(15));
            ChartSeries.fillRates(focusChart, history);
        }
        factories.stream().filter(f -> f.id().equals(focusId)).findFirst().ifPresent(f -> {
            focusName.setText(f.ref().name() + " · " + f.ref().country());
            if (f.latest() != null) {
                double out = f.latest().outputRate();
                double in = f.latest().inputRate();
                focusFigures.setText(getTranslation(
                        "wall.focus",
                        Format.rate(out),
                        Format.percent(f.latest().oee().oee()),
                        getTranslation("state." + f.latest().state().name()),
                        getTranslation("status." + f.health().status().name())));
                focusChart.append(f.latest().timestamp().toEpochMilli(), out, in, Double.NaN, Double.NaN);
            }
        });
    }

    /** One factory on the wall, updated in place. */
    private static final class WallCard extends Div {
        private final Span name = new Span();
        private final Span state = new Span();
        private final Span output = new Span();
        private final Span oee = new Span();
        private final Span age = new Span();

        WallCard() {
            addClassName("wall-card");
            name.addClassName("wall-card-name");
            output.addClassName("wall-card-output");
            oee.addClassName("wall-card-oee");
            state.addClassName("wall-card-state");
            age.addClassName("wall-card-age");
            add(name, state, output, oee, age);
        }

        void show(FactoryTelemetry f, java.time.Instant now) {
            name.setText(f.ref().name());
            getElement().setAttribute("tone", Format.tone(f.health().status()));
            getElement().setAttribute("data-factory", f.id());
            age.setText(Translations.t("status." + f.health().status().name()) + " · " + Format.age(f.health(), now));
            if (f.latest() == null) {
                state.setText("—");
                return;
            }
            state.setText(f.latest().state().name());
            output.setText(
                    Translations.t("unit.per-minute", Format.rate(f.latest().outputRate())));
            oee.setText(Translations.t(
                    "wall.card.oee", Format.percent(f.latest().oee().oee())));
        }
    }
}
