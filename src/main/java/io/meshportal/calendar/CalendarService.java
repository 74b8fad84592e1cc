package io.meshportal.calendar;

import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.base.InvalidRequestException;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.FactorySource;
import io.meshportal.security.Viewer;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores each factory's zone and shift calendar and answers {@link FactoryTimes} from memory (every factory's
 * time is read on every telemetry round). Reading and changing go through the acting viewer: anyone who may see
 * the factory reads it; who may operate it (administrators, office managers, its own manager) changes it. A
 * change applies from the next round and needs no redeploy: nothing of it goes into the factory's pod template.
 */
@Service
public class CalendarService implements FactoryTimes {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CalendarService.class);

    private final JdbcTemplate jdbc;
    private final FactorySource fleet;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, FactoryTime> stored = new ConcurrentHashMap<>();
    private final Map<String, FactoryTime> defaults = new ConcurrentHashMap<>();

    CalendarService(JdbcTemplate jdbc, FactorySource fleet, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.fleet = fleet;
        this.audit = audit;
        this.clock = clock;
        jdbc.query("select factory_id, zone, shifts from factory_calendar", rs -> {
            try {
                ShiftCalendar shifts = new ShiftCalendar(parse(rs.getString(3)));
                if (!shifts.problems().isEmpty()) {
                    throw new IllegalStateException("shifts: " + shifts.problems());
                }
                stored.put(rs.getString(1), new FactoryTime(ZoneId.of(rs.getString(2)), shifts));
            } catch (RuntimeException e) {
                // a row no longer valid (a zone removed from the tz database): the default applies, and is said
                log.warn(
                        "Factory {}: stored calendar not usable ({}); its country's zone and three shifts apply",
                        rs.getString(1),
                        e.toString());
            }
        });
    }

    @Override
    public FactoryTime of(String factoryId) {
        FactoryTime time = stored.get(factoryId);
        if (time != null) {
            return time;
        }
        time = defaults.get(factoryId);
        if (time != null) {
            return time;
        }
        String country = fleet.factories().stream()
                .filter(f -> f.id().equals(factoryId))
                .map(FactoryRef::country)
                .findFirst()
                .orElse(null);
        time = new FactoryTime(CountryZones.of(country), ShiftCalendar.threeShifts());
        if (country != null) { // kept only once the factory is known, so its country's zone is not missed
            defaults.put(factoryId, time);
        }
        return time;
    }

    /** The factory's time, for someone who may see the factory; {@code custom} false while the default applies. */
    public record Setting(FactoryTime time, boolean custom) {}

    /** @throws java.util.NoSuchElementException when the fleet has no such factory */
    public Setting get(Viewer viewer, String factoryId) {
        Viewer.signedIn(viewer).requireCanSee(factoryId);
        requireExists(factoryId);
        FactoryTime time = stored.get(factoryId);
        return time != null ? new Setting(time, true) : new Setting(of(factoryId), false);
    }

    /**
     * Stores a factory's zone and calendar. Every problem is reported by field ({@code zone}, {@code shifts[i]…})
     * and nothing is stored.
     *
     * @throws java.util.NoSuchElementException when the fleet has no such factory (nothing is stored for it)
     */
    public FactoryTime set(Viewer viewer, String factoryId, String zone, ShiftCalendar calendar) {
        Viewer.signedIn(viewer);
        if (!viewer.canOperate(factoryId)) {
            throw audit.denied(viewer, AuditAction.FACTORY_CALENDAR, factoryId);
        }
        requireExists(factoryId);
        Map<String, String> problems = new LinkedHashMap<>();
        ZoneId zoneId = null;
        try {
            zoneId = zone == null ? null : ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            // reported below
        }
        if (zone == null || zone.isBlank()) {
            problems.put("zone", "Choose a time zone, such as Europe/Berlin");
        } else if (zoneId == null || !ZoneId.getAvailableZoneIds().contains(zoneId.getId())) {
            problems.put("zone", "An IANA time zone such as Europe/Berlin; \"" + shorten(zone) + "\" is not one");
        }
        problems.putAll(calendar == null ? Map.of("shifts", "Give the shifts") : calendar.problems());
        if (!problems.isEmpty()) {
            audit.record(viewer.username(), AuditAction.FACTORY_CALENDAR, factoryId, Outcome.FAILURE, null);
            throw new InvalidRequestException(problems);
        }
        FactoryTime time = new FactoryTime(zoneId, calendar);
        jdbc.update(
                "insert into factory_calendar (factory_id, zone, shifts, changed_by, changed_at) values (?, ?, ?, ?, ?)"
                        + " on conflict (factory_id) do update set zone = excluded.zone, shifts = excluded.shifts,"
                        + " changed_by = excluded.changed_by, changed_at = excluded.changed_at",
                factoryId,
                zoneId.getId(),
                JSON.writeValueAsString(calendar.shifts()),
                viewer.username(),
                clock.millis());
        stored.put(factoryId, time);
        audit.record(
                viewer.username(),
                AuditAction.FACTORY_CALENDAR,
                factoryId,
                Outcome.SUCCESS,
                zoneId.getId() + ", " + calendar.shifts().size() + " shifts from " + calendar.dayStart());
        return time;
    }

    /** Forgets a deleted factory's calendar (a factory made again under its id starts with the default). */
    @org.springframework.context.event.EventListener
    void on(io.meshportal.fleet.FactoryDeleted deleted) {
        remove(deleted.factoryId());
    }

    void remove(String factoryId) {
        jdbc.update("delete from factory_calendar where factory_id = ?", factoryId);
        stored.remove(factoryId);
        defaults.remove(factoryId);
    }

    private void requireExists(String factoryId) {
        if (fleet.factories().stream().noneMatch(f -> f.id().equals(factoryId))) {
            throw new java.util.NoSuchElementException("No factory " + factoryId);
        }
    }

    private static List<ShiftCalendar.Shift> parse(String json) {
        return JSON.readValue(json, new TypeReference<List<ShiftCalendar.Shift>>() {});
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
