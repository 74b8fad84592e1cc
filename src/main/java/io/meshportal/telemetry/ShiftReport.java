package io.meshportal.telemetry;

import io.meshportal.base.InvalidRequestException;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.HistoryService.ShiftRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The shift report: a day cut into shifts (of the factory's own length where it reports one), each shift's sums
 * beside the shift before it and the same shift a week earlier. Days and shifts start at midnight UTC, as the
 * factories count them.
 */
final class ShiftReport {

    private final RangeSums sums;
    private final HistoryProperties properties;
    private final Clock clock;
    /** For a factory's own shift length; null in tests of the store alone. */
    private final TelemetryService telemetry;

    ShiftReport(RangeSums sums, HistoryProperties properties, Clock clock, TelemetryService telemetry) {
        this.sums = sums;
        this.properties = properties;
        this.clock = clock;
        this.telemetry = telemetry;
    }

    /**
     * @param ids       the factories to sum, already cut to what the viewer may see (null: every factory)
     * @param factoryId the one factory asked for, or null for the viewer's fleet
     */
    List<ShiftRow> shifts(Viewer viewer, Collection<String> ids, String factoryId, LocalDate day) {
        Instant now = clock.instant();
        Duration shift = Duration.ofHours(shiftHours(viewer, factoryId));
        Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Duration retention = properties.hourRetention();
        if (dayStart.isAfter(now) || dayStart.isBefore(now.minus(retention))) {
            throw new InvalidRequestException(
                    Map.of("day", "A day from the last " + retention.toDays() + " days, not in the future"));
        }
        List<ShiftRow> rows = new ArrayList<>();
        for (Instant start = dayStart; start.isBefore(dayStart.plus(Duration.ofDays(1))); start = start.plus(shift)) {
            if (start.isAfter(now)) {
                break;
            }
            Instant end = start.plus(shift);
            rows.add(new ShiftRow(
                    start,
                    end,
                    sums.sum(ids, new HistoryRange(start, end)),
                    sums.sum(ids, new HistoryRange(start.minus(shift), start)),
                    sums.sum(ids, new HistoryRange(start.minus(Duration.ofDays(7)), end.minus(Duration.ofDays(7))))));
        }
        return rows;
    }

    /** The factory's own shift length as it reports it; the configured one for the fleet or an older factory. */
    private int shiftHours(Viewer viewer, String factoryId) {
        if (factoryId == null || telemetry == null) {
            return properties.shiftHours();
        }
        return telemetry
                .factory(viewer, factoryId)
                .map(FactoryTelemetry::latest)
                .map(TelemetrySnapshot::shiftHours)
                .filter(h -> h != null && h > 0 && 24 % h == 0)
                .orElse(properties.shiftHours());
    }
}
