package io.meshportal.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;

/** What the chaos tests watch for leaks: live platform threads and open TCP connections to given ports. */
public final class ResourceCounts {

    private ResourceCounts() {}

    /** Live platform threads whose name the filter accepts (virtual threads are not listed by the JVM). */
    public static int platformThreads(Predicate<String> name) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> name.test(t.getName()))
                .count();
    }

    /**
     * Open TCP connections whose remote end is one of the ports: the client side of connections to those
     * servers, whatever process holds them. Read from /proc/net/tcp{,6}; TIME_WAIT and LISTEN are not counted
     * (they hold no file descriptor).
     */
    public static int connectionsTo(Set<Integer> remotePorts) {
        int count = 0;
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                java.util.List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] cells = line.trim().split("\\s+");
                    int remotePort = Integer.parseInt(cells[2].substring(cells[2].indexOf(':') + 1), 16);
                    String state = cells[3];
                    if (remotePorts.contains(remotePort) && !state.equals("06") && !state.equals("0A")) {
                        count++;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + table, e);
            }
        }
        return count;
    }
}
