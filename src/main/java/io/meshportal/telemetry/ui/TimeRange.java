package io.meshportal.telemetry.ui;

import java.time.Duration;

/**
 * The chart windows a user can pick, like Grafana's quick ranges. Up to an hour the charts are live (one point a
 * second from memory); longer ranges come from the rollups in SQLite; {@link #CUSTOM} asks for a start and an end.
 */
enum TimeRange {
    LAST_5_MINUTES("Last 5 minutes", Duration.ofMinutes(5)),
    LAST_15_MINUTES("Last 15 minutes", Duration.ofMinutes(15)),
    LAST_HOUR("Last hour", Duration.ofHours(1)),
    LAST_6_HOURS("Last 6 hours", Duration.ofHours(6)),
    LAST_24_HOURS("Last 24 hours", Duration.ofHours(24)),
    LAST_7_DAYS("Last 7 days", Duration.ofDays(7)),
    LAST_30_DAYS("Last 30 days", Duration.ofDays(30)),
    LAST_90_DAYS("Last 90 days", Duration.ofDays(90)),
    CUSTOM("Custom range…", null);

    /** Points a long-range chart is given: about one per two pixels of a wide chart. */
    static final int BUCKETS = 600;

    final String label;
    final Duration duration;

    TimeRange(String label, Duration duration) {
        this.label = label;
        this.duration = duration;
    }

    /** Live from memory (the last hour at most), or from the rollups. */
    boolean live() {
        return duration != null && duration.compareTo(Duration.ofHours(1)) <= 0;
    }
}
