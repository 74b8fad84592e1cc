package io.meshportal.telemetry.ui;

import com.vaadin.flow.component.html.Span;
import io.meshportal.base.ui.Translations;
import io.meshportal.telemetry.FactoryHealth;
import io.meshportal.telemetry.FactoryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Shared formatting for the telemetry views. */
final class Format {

    private Format() {}

    static String rate(double perMinute) {
        return String.format(Translations.locale(), "%,.1f", perMinute);
    }

    static String count(double value) {
        return String.format(Translations.locale(), "%,.0f", value);
    }

    static String percent(double ratio) {
        return String.format(Translations.locale(), "%.1f %%", ratio * 100);
    }

    /** OEE's three factors, each with the initial its name has in the screen's language. */
    static String factors(io.meshportal.factory.Oee oee) {
        return Translations.t(
                "kpi.oee.factors", percent(oee.availability()), percent(oee.performance()), percent(oee.quality()));
    }

    /** A shift's length: "8 h", "7 h 30 min". */
    static String length(Duration d) {
        long minutes = d.toMinutes();
        return minutes % 60 == 0
                ? Translations.t("unit.hours", minutes / 60)
                : Translations.t("unit.hours-minutes", minutes / 60, minutes % 60);
    }

    /** "0.8 s ago", "3 min ago", "never". */
    static String age(FactoryHealth health, Instant now) {
        Duration age = health.age(now);
        if (age == null) {
            return Translations.t("age.never");
        }
        long ms = Math.max(0, age.toMillis());
        if (ms < 60_000) {
            return Translations.t("age.seconds", String.format(Translations.locale(), "%.1f", ms / 1000.0));
        }
        if (ms < 3_600_000) {
            return Translations.t("age.minutes", ms / 60_000);
        }
        return Translations.t("age.hours", ms / 3_600_000);
    }

    static Span statusBadge(FactoryHealth health) {
        Span badge = new Span(Translations.t("status." + health.status().name()));
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
