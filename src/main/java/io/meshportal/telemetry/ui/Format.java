package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.html.Span;
import io.meshportal.telemetry.FactoryHealth;
import io.meshportal.telemetry.FactoryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Shared formatting for the telemetry views. */
final class Format {

    private Format() {}

    static String rate(double perMinute) {
        return String.format(Locale.ROOT, "%,.1f", perMinute);
    }

    static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }

    /** "0.8 s ago", "3 min ago", "never". */
    static String age(FactoryHealth health, Instant now) {
        Duration age = health.age(now);
        if (age == null) {
            return "never";
        }
        long ms = Math.max(0, age.toMillis());
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s ago", ms / 1000.0);
        }
        if (ms < 3_600_000) {
            return (ms / 60_000) + " min ago";
        }
        return (ms / 3_600_000) + " h ago";
    }

    static Span statusBadge(FactoryHealth health) {
        Span badge = new Span(health.status().name());
        badge.addClassName("status-badge");
        badge.getElement().setAttribute("status", health.status().name().toLowerCase(Locale.ROOT));
        if (health.lastError() != null) {
            badge.setTitle(health.lastError());
        }
        return badge;
    }

    static String tone(FactoryStatus status) {
        return switch (status) {
            case UP -> "good";
            case DEGRADED -> "warn";
            case DOWN -> "bad";
            case PENDING -> "neutral";
        };
    }
}
