package io.meshportal.fleet;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which lines to start a log with, as {@code kubectl logs --tail --since} take them; new lines follow.
 *
 * @param tailLines the newest lines first shown
 * @param since     only lines this recent (null: however old)
 */
public record LogQuery(int tailLines, Duration since) {

    public static final int MAX_TAIL_LINES = 5000;
    public static final Duration MAX_SINCE = Duration.ofDays(7);
    public static final LogQuery DEFAULT = new LogQuery(200, null);

    /** Field name → message; empty when valid. */
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (tailLines < 1 || tailLines > MAX_TAIL_LINES) {
            problems.put("tailLines", "Between 1 and " + MAX_TAIL_LINES + " lines");
        }
        if (since != null && (since.compareTo(Duration.ofSeconds(1)) < 0 || since.compareTo(MAX_SINCE) > 0)) {
            problems.put("since", "Between 1 second and 7 days");
        }
        return problems;
    }
}
