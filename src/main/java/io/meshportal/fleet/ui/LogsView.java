package io.meshportal.fleet.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.base.ui.Inputs;
import io.meshportal.base.ui.Translations;
import io.meshportal.fleet.FleetRequestException;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.LogLine;
import io.meshportal.fleet.LogQuery;
import io.meshportal.fleet.LogSource;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import jakarta.annotation.security.PermitAll;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A factory's logs, one replica (pod) at a time, as {@code kubectl logs -f} and Headlamp's log viewer show them:
 * the newest lines, then each new one pushed as it comes; pause, filter by text, download what is kept. A viewer
 * keeps at most {@link LogBuffer#KEPT} lines, so memory per open page is bounded however long it stays open.
 */
@Route("logs")
@PermitAll
class LogsView extends VerticalLayout implements HasUrlParameter<String>, HasDynamicTitle {

    /** "Since" choices, as kubectl's --since takes them. */
    enum Since {
        ANY(null),
        FIVE_MINUTES(Duration.ofMinutes(5)),
        HOUR(Duration.ofHours(1)),
        DAY(Duration.ofDays(1));

        final Duration duration;

        Since(Duration duration) {
            this.duration = duration;
        }
    }

    /** Lines shown on the page at once (the newest); the rest of what is kept is in the download. */
    static final int SHOWN = 500;

    private final FleetService fleet;
    private final Viewer viewer;
    private final ComboBox<LogSource> replica = new ComboBox<>(Translations.t("logs.replica"));
    private final IntegerField tail =
            Inputs.bounded(new IntegerField(Translations.t("logs.tail")), 1, LogQuery.MAX_TAIL_LINES);
    private final ComboBox<Since> since = new ComboBox<>(Translations.t("logs.since"));
    private final TextField filter = new TextField(Translations.t("logs.filter"));
    private final Button pause = new Button(Translations.t("logs.pause"));
    private final Anchor download = new Anchor();
    private final Span status = new Span();
    private final Div lines = new Div();
    private String factoryId;
    private String title;
    private LogBuffer buffer;
    private Runnable unfollow = () -> {};

    LogsView(FleetService fleet, CurrentUser currentUser) {
        this.fleet = fleet;
        this.viewer = currentUser.require();
        setId("logs-view");
        setSizeFull();
        replica.setId("logs-replica");
        replica.setWidth("22rem");
        replica.setItemLabelGenerator(s -> s.name() + " · " + (s.version() == null ? "?" : s.version())
                + (s.running() ? "" : " · " + getTranslation("logs.stopped")));
        tail.setId("logs-tail");
        tail.setValue(LogQuery.DEFAULT.tailLines());
        tail.setWidth("8rem");
        since.setId("logs-since");
        since.setItems(Since.values());
        since.setItemLabelGenerator(s -> getTranslation("logs.since." + s.name()));
        since.setValue(Since.ANY);
        since.setWidth("11rem");
        filter.setId("logs-filter");
        filter.setPlaceholder(getTranslation("logs.filter.placeholder"));
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        pause.setId("logs-pause");
        download.setId("logs-download");
        download.setText(getTranslation("action.download"));
        status.setId("logs-status");
        status.getElement().setAttribute("role", "status"); // announced by screen readers as it changes
        lines.setId("logs-lines");
        lines.addClassName("log-lines");
        // a box that scrolls must be reachable by keyboard and named (WCAG 2.1.1)
        lines.getElement().setAttribute("tabindex", "0");
        lines.getElement().setAttribute("role", "log");
        lines.getElement().setAttribute("aria-label", getTranslation("logs.lines"));
        replica.addValueChangeListener(e -> restart());
        tail.addValueChangeListener(e -> restart());
        since.addValueChangeListener(e -> restart());
        filter.addValueChangeListener(e -> redraw());
        pause.addClickListener(e -> togglePause());
        HorizontalLayout bar = new HorizontalLayout(replica, tail, since, filter, pause, download);
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        bar.setWrap(true);
        H2 heading = new H2(getTranslation("factory.link.logs"));
        heading.setId("logs-heading");
        add(heading, bar, status, lines);
        setFlexGrow(1, lines);
    }

    @Override
    public void setParameter(BeforeEvent event, String id) {
        if (!viewer.canSee(id) || !fleet.exists(id)) {
            // same answer for "not yours" and "does not exist"
            event.rerouteToError(NotFoundException.class, "No factory " + id);
            return;
        }
        factoryId = id;
        title = getTranslation("title.page", getTranslation("logs.of", id));
        getChildren().filter(c -> c instanceof H2).findFirst().ifPresent(h -> ((H2) h)
                .setText(getTranslation("logs.of", id)));
        List<LogSource> sources = fleet.logSources(viewer, id);
        replica.setItems(sources);
        sources.stream()
                .filter(LogSource::running)
                .findFirst()
                .or(() -> sources.stream().findFirst())
                .ifPresentOrElse(replica::setValue, () -> status.setText(getTranslation("logs.no-replicas")));
    }

    @Override
    public String getPageTitle() {
        return title == null ? getTranslation("title.page", getTranslation("factory.link.logs")) : title;
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        restart();
    }

    @Override
    protected void onDetach(DetachEvent detach) {
        stop();
    }

    private void stop() {
        unfollow.run();
        unfollow = () -> {};
        if (buffer != null) {
            buffer.close();
        }
    }

    /** (Re)starts following with the current choices; nothing while the page is not attached. */
    private void restart() {
        stop();
        lines.removeAll();
        FieldProblems.clear(Map.of("tailLines", tail));
        LogSource source = replica.getValue();
        UI ui = getUI().orElse(null);
        if (factoryId == null || source == null || ui == null) {
            return;
        }
        if (tail.isInvalid() || tail.getValue() == null) {
            FieldProblems.show(
                    Map.of("tailLines", tail),
                    Map.of("tailLines", getTranslation("logs.tail.bounds", LogQuery.MAX_TAIL_LINES)));
            return;
        }
        Since chosen = since.getValue() == null ? Since.ANY : since.getValue();
        LogBuffer started = new LogBuffer(ui, this::shown);
        try {
            unfollow = fleet.followLog(
                    viewer, factoryId, source.name(), new LogQuery(tail.getValue(), chosen.duration), started);
        } catch (FleetRequestException e) {
            List<String> unplaced = FieldProblems.show(Map.of("tailLines", tail), e.problems());
            status.setText(unplaced.isEmpty() ? "" : String.join("; ", unplaced));
            return;
        }
        buffer = started;
        pause.setText(getTranslation("logs.pause"));
        status.setText(getTranslation("logs.following", source.name()));
        String fileName = source.name() + ".log";
        download.setHref((DownloadHandler) event -> {
            event.setFileName(fileName);
            event.setContentType("text/plain; charset=utf-8");
            try (Writer out = new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8)) {
                for (LogLine line : started.kept()) {
                    out.write(format(line));
                    out.write('\n');
                }
            }
        });
    }

    private void togglePause() {
        if (buffer == null) {
            return;
        }
        boolean paused = buffer.togglePause();
        pause.setText(getTranslation(paused ? "logs.resume" : "logs.pause"));
        if (paused) {
            status.setText(getTranslation("logs.paused"));
        } else {
            status.setText(getTranslation("logs.following", replica.getValue().name()));
        }
    }

    /** Called under the UI's lock with what the buffer has for the page: new lines, or a change of state. */
    private void shown(LogBuffer.Update update) {
        if (update.redraw()) {
            redraw();
        } else {
            append(update.lines());
        }
        if (update.state() != null) {
            status.setText(getTranslation(update.state(), Translations.problem(update.reason())));
        }
    }

    private void redraw() {
        lines.removeAll();
        if (buffer != null) {
            append(buffer.kept());
        }
    }

    private void append(List<LogLine> added) {
        String text = filter.getValue() == null ? "" : filter.getValue().trim().toLowerCase(Locale.ROOT);
        for (LogLine line : added) {
            String formatted = format(line);
            if (text.isEmpty() || formatted.toLowerCase(Locale.ROOT).contains(text)) {
                Div row = new Div(formatted);
                if (formatted.contains(" WARN ") || formatted.contains(" ERROR ")) {
                    row.addClassName("log-warn");
                }
                lines.add(row);
            }
        }
        long extra = lines.getChildren().count() - SHOWN;
        if (extra > 0) {
            lines.getChildren().limit(extra).toList().forEach(lines::remove);
        }
        // keep the newest line in sight, as a followed log does
        lines.getElement().executeJs("this.scrollTop = this.scrollHeight");
    }

    static String format(LogLine line) {
        return (line.at() == null ? "" : line.at() + " ") + line.text();
    }
}
