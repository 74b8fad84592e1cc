package io.meshportal.factory;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A factory process's log: what it did (start, stop, state changes, faults, failed requests, a request summary per
 * minute). The container prints each line to standard output, where {@code kubectl logs} finds it; in the portal's
 * embedded fleet each replica keeps its newest {@link #capacity} lines, which is what the log viewer reads. Lines
 * are formatted as a container runtime's with timestamps ({@code <RFC 3339 time> <level> <message>}).
 */
public final class FactoryLog {

    /** One line: when, how bad, what. */
    public record Line(Instant at, Level level, String message) {

        @Override
        public String toString() {
            return at + " " + level + " " + message;
        }
    }

    public enum Level {
        INFO,
        WARN,
        ERROR
    }

    public static final int DEFAULT_CAPACITY = 1000;

    private final Line[] ring;
    private final int capacity;
    private final Clock clock;
    private final PrintStream echo;
    private final List<Consumer<Line>> followers = new CopyOnWriteArrayList<>();
    private int next;
    private int size;

    /** @param echo where every line is also printed (the container's standard output), or null */
    public FactoryLog(int capacity, Clock clock, PrintStream echo) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.ring = new Line[capacity];
        this.clock = clock;
        this.echo = echo;
    }

    public void info(String message) {
        add(Level.INFO, message);
    }

    public void warn(String message) {
        add(Level.WARN, message);
    }

    public void error(String message) {
        add(Level.ERROR, message);
    }

    private void add(Level level, String message) {
        Line line = new Line(clock.instant(), level, message);
        synchronized (ring) {
            ring[next] = line;
            next = (next + 1) % capacity;
            size = Math.min(size + 1, capacity);
            // under the lock, so a follower that just took the tail gets every later line once and in order
            for (Consumer<Line> follower : followers) {
                follower.accept(line);
            }
        }
        if (echo != null) {
            echo.println(line);
        }
    }

    /**
     * The newest lines, oldest first.
     *
     * @param max   at most this many
     * @param since only lines at or after this instant (null: any)
     */
    public List<Line> tail(int max, Instant since) {
        List<Line> out = new ArrayList<>();
        synchronized (ring) {
            for (int i = 0; i < size; i++) {
                Line line = ring[(next - size + i + capacity) % capacity];
                if (since == null || !line.at().isBefore(since)) {
                    out.add(line);
                }
            }
        }
        return out.size() <= max ? out : List.copyOf(out.subList(out.size() - max, out.size()));
    }

    /**
     * Calls {@code follower} with the newest lines kept ({@link #tail}) and then with each new line, once and in
     * order, until the returned handle is run. It is called under the log's lock on the thread that logs: it must
     * only hand the line on (to a queue), never block.
     */
    public Runnable follow(int max, Instant since, Consumer<Line> follower) {
        synchronized (ring) {
            tail(max, since).forEach(follower);
            followers.add(follower);
        }
        return () -> followers.remove(follower);
    }

    public int capacity() {
        return capacity;
    }
}
