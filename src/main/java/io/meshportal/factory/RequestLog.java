package io.meshportal.factory;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests in a factory's log: each failed request on a line of its own, the successful ones (a poll a second, a
 * probe every few) summed per minute so that what went wrong is not buried under what went right.
 */
final class RequestLog {

    private final FactoryLog log;
    private final Clock clock;
    private long minute = -1;
    private final Map<String, Integer> served = new TreeMap<>();

    RequestLog(FactoryLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** @param status the response's status, or -1 when none was sent (the client left, or the process hung) */
    void served(String method, String path, int status, long millis) {
        if (status >= 500 || status < 0) {
            log.error(method + " " + path + " -> " + (status < 0 ? "no response" : status) + " in " + millis + " ms");
        } else if (status >= 400) {
            log.warn(method + " " + path + " -> " + status + " in " + millis + " ms");
        }
        summed(status >= 200 && status < 400 ? path : null);
    }

    private synchronized void summed(String path) {
        long now = Math.floorDiv(clock.millis(), 60_000);
        if (now != minute) {
            if (minute >= 0 && !served.isEmpty()) {
                int total = served.values().stream().mapToInt(Integer::intValue).sum();
                log.info("served " + total + " requests in the minute before: " + served);
            }
            served.clear();
            minute = now;
        }
        if (path != null) {
            served.merge(path, 1, Integer::sum);
        }
    }
}
