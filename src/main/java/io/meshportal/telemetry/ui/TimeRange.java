package io.meshportal.telemetry.ui;

import io.meshportal.base.ui.Translations;
import java.time.Duration;

/**
 * The chart windows a user can pick, like Grafana's quick ranges. Up to an hour the charts are live (one point a
 * second from memory); longer ranges come from the rollups in SQLite; {@link #CUSTOM} asks for a start and an end.
 */
enum TimeRange {
    LAST_5_MINUTES(Duration.ofMinutes(5)),
    LAST_15_MINUTES(Duration.ofMinutes(15)),
    LAST_HOUR(Duration.ofHours(1)),
    LAST_6_HOURS(Duration.ofHours(6)),
    LAST_24_HOURS(Duration.ofHours(24)),
    LAST_7_DAYS(Duration.ofDays(7)),
    LAST_30_DAYS(Duration.ofDays(30)),
    LAST_90_DAYS(Duration.ofDays(90)),
    CUSTOM(null);

    /** Points a long-range chart is given: about one per two pixels of a wide chart. */
    static final int BUCKETS = 600;

    final Duration duration;

    TimeRange(Duration duration) {
        this.duration = duration;
    }

    /** Its name in the screen's language. */
    String label() {
        return Translations.t("range." + name());
    }

    /** Live from memory (the last hour at most), or from the rollups. */
    boolean live() {
        return duration != null && duration.compareTo(Duration.ofHours(1)) <= 0;
    }
}
