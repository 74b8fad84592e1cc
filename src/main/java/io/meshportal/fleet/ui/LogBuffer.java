package io.meshportal.fleet.ui;

import com.vaadin.flow.component.UI;
import io.meshportal.fleet.LogLine;
import io.meshportal.fleet.LogListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * What one open log page keeps: at most {@link #KEPT} newest lines (older ones are dropped, counted), filled from the
 * fleet's threads and handed to the page under its UI lock, at most one push in flight at a time. While paused,
 * lines are kept but not shown.
 */
final class LogBuffer implements LogListener {

    static final int KEPT = 1000;

    /**
     * For the page: lines to add, or redraw everything kept; and a new state to say (a text key, translated on the
     * page: these calls come on the fleet's threads, outside any screen) with its reason, or null.
     */
    record Update(List<LogLine> lines, boolean redraw, String state, String reason) {}

    private final UI ui;
    private final Consumer<Update> page;
    private final Deque<LogLine> kept = new ArrayDeque<>();
    private final List<LogLine> unshown = new ArrayList<>();
    private String state;
    private String reason;
    private boolean paused;
    private boolean redraw;
    private boolean pushing;
    private boolean closed;

    LogBuffer(UI ui, Consumer<Update> page) {
        this.ui = ui;
        this.page = page;
    }

    @Override
    public void lines(List<LogLine> lines) {
        synchronized (this) {
            if (closed) {
                return;
            }
            for (LogLine line : lines) {
                kept.addLast(line);
                if (kept.size() > KEPT) {
                    kept.removeFirst();
                }
                unshown.add(line);
            }
            if (unshown.size() > KEPT) {
                // more arrived than is kept: the page redraws from what is kept
                unshown.clear();
                redraw = true;
            }
        }
        push();
    }

    @Override
    public void interrupted(String reason) {
        said("logs.interrupted", reason);
    }

    @Override
    public void ended(String reason) {
        said("logs.ended", reason);
    }

    private void said(String key, String why) {
        synchronized (this) {
            if (closed) {
                return;
            }
            state = key;
            reason = why;
        }
        push();
    }

    /** Hands what is new to the page, unless a push is already on its way (it takes this with it). */
    private void push() {
        synchronized (this) {
            if (pushing || paused && state == null) {
                return;
            }
            pushing = true;
        }
        ui.access(() -> {
            Update update;
            synchronized (this) {
                pushing = false;
                if (closed) {
                    return;
                }
                update = new Update(paused ? List.of() : List.copyOf(unshown), !paused && redraw, state, reason);
                if (!paused) {
                    unshown.clear();
                    redraw = false;
                }
                state = null;
            }
            page.accept(update);
        });
    }

    /** @return whether it is paused now */
    boolean togglePause() {
        synchronized (this) {
            paused = !paused;
            if (paused) {
                return true;
            }
        }
        push();
        return false;
    }

    synchronized List<LogLine> kept() {
        return List.copyOf(kept);
    }

    synchronized void close() {
        closed = true;
        kept.clear();
        unshown.clear();
    }
}
