package io.meshportal.telemetry.ui;

import java.time.Duration;

/** The chart windows a user can pick, like Grafana's quick ranges. */
enum TimeRange {
    LAST_5_MINUTES("Last 5 minutes", Duration.ofMinutes(5)),
    LAST_15_MINUTES("Last 15 minutes", Duration.ofMinutes(15)),
    LAST_HOUR("Last hour", Duration.ofHours(1));

    final String label;
    final Duration duration;

    TimeRange(String label, Duration duration) {
        this.label = label;
        this.duration = duration;
    }
}
