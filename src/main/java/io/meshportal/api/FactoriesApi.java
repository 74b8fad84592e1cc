package io.meshportal.api;

import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.ProductMix;
import io.meshportal.fleet.Progress;
import io.meshportal.security.CurrentUser;
import io.meshportal.telemetry.FactoryTelemetry;
import io.meshportal.telemetry.HistoryRange;
import io.meshportal.telemetry.HistoryService;
import io.meshportal.telemetry.TelemetryService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Factories: the ones the caller may see, their live figures and history; create, delete, scale, autoscale and
 * restart as the dashboard's buttons do. Long operations answer 202 at once (their progress is the factory's
 * state and the audit log), as Kubernetes does.
 */
@RestController
@RequestMapping("/api/v1/factories")
@Tag(name = "factories")
class FactoriesApi {

    /** A factory as listed: where it runs and how it is doing now. */
    record FactoryItem(
            String id,
            String name,
            String country,
            String cluster,
            String telemetry,
            String lastError,
            TelemetrySnapshot latest) {

        static FactoryItem of(FactoryTelemetry f) {
            return new FactoryItem(
                    f.id(),
                    f.ref().name(),
                    f.ref().country(),
                    f.ref().cluster(),
                    f.health().status().name(),
                    f.health().lastError(),
                    f.latest());
        }
    }

    /** A new factory, as the create dialog asks for it. */
    record CreateFactory(
            String id,
            String name,
            String country,
            String cluster,
            ProductMix mix,
            Integer capacity,
            Integer replicas) {}

    record Replicas(Integer replicas) {}

    /** Autoscaling bounds; send {@code null} for both to turn autoscaling off. */
    record AutoscalingBounds(Integer minReplicas, Integer maxReplicas) {}

    record Accepted(String id, String operation, String status) {}

    private final FleetService fleet;
    private final TelemetryService telemetry;
    private final HistoryService history;
    private final CurrentUser currentUser;

    FactoriesApi(FleetService fleet, TelemetryService telemetry, HistoryService history, CurrentUser currentUser) {
        this.fleet = fleet;
        this.telemetry = telemetry;
        this.history = history;
        this.currentUser = currentUser;
    }

    @GetMapping
    @Operation(summary = "The factories the caller may see, with their latest figures")
    List<FactoryItem> list() {
        return telemetry.current(currentUser.require()).factories().stream()
                .map(FactoryItem::of)
                .toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One factory (404 also when the caller may not see it)")
    FactoryItem get(@PathVariable String id) {
        return FactoryItem.of(visible(id));
    }

    @GetMapping("/{id}/telemetry")
    @Operation(summary = "The factory's latest telemetry snapshot")
    TelemetrySnapshot snapshot(@PathVariable String id) {
        FactoryTelemetry f = visible(id);
        if (f.latest() == null) {
            throw new NoSuchElementException("no sample yet");
        }
        return f.latest();
    }

    @GetMapping("/{id}/events")
    @Operation(
            summary =
                    "What happened to the factory's workload, newest first (Kubernetes events or the embedded fleet's)")
    List<io.meshportal.fleet.FactoryEvent> events(@PathVariable String id) {
        return fleet.events(currentUser.require(), id);
    }

    @GetMapping("/{id}/history")
    @Operation(
            summary = "The factory's history between two instants (ISO-8601), in at most 'buckets' points; with"
                    + " by=product, output and rejects per product")
    Object history(
            @PathVariable String id,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "120") int buckets,
            @RequestParam(required = false) String by) {
        visible(id);
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(Duration.ofHours(1)) : from;
        if (buckets < 1 || buckets > 2000) {
            throw new io.meshportal.base.InvalidRequestException(java.util.Map.of("buckets", "Between 1 and 2000"));
        }
        if (by != null && !by.equals("product")) {
            throw new io.meshportal.base.InvalidRequestException(
                    java.util.Map.of("by", "Leave it out, or 'product' for output and rejects per product"));
        }
        if ("product".equals(by)) {
            return history.productChart(currentUser.require(), List.of(id), new HistoryRange(start, end), buckets);
        }
        return history.chart(currentUser.require(), List.of(id), new HistoryRange(start, end), buckets);
    }

    @GetMapping("/{id}/history/versions")
    @Operation(
            summary = "Each version's own minutes while the factory ran two versions (its counters' increases, not"
                    + " weighted, and the share of the plant it ran), between two instants (ISO-8601)")
    List<HistoryService.VersionMinute> versionHistory(
            @PathVariable String id,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        visible(id);
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(Duration.ofHours(1)) : from;
        return history.versionMinutes(currentUser.require(), id, new HistoryRange(start, end));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Create a factory (office roles)")
    Accepted create(@RequestBody CreateFactory body) {
        NewFactory request = new NewFactory(
                body.id(),
                body.name(),
                body.country(),
                body.cluster(),
                body.mix(),
                body.capacity() == null ? 0 : body.capacity(),
                body.replicas() == null ? 0 : body.replicas());
        fleet.create(currentUser.require(), request, Progress.NONE);
        return new Accepted(body.id(), "create", "started");
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Delete a factory (office roles)")
    Accepted delete(@PathVariable String id) {
        fleet.delete(currentUser.require(), id, Progress.NONE);
        return new Accepted(id, "delete", "started");
    }

    @PutMapping("/{id}/replicas")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Scale a factory to a number of replicas")
    Accepted scale(@PathVariable String id, @RequestBody Replicas body) {
        fleet.scale(currentUser.require(), id, body.replicas() == null ? 0 : body.replicas(), Progress.NONE);
        return new Accepted(id, "scale", "started");
    }

    @PutMapping("/{id}/autoscaling")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Set autoscaling bounds, or turn it off with null bounds")
    Accepted autoscale(@PathVariable String id, @RequestBody AutoscalingBounds body) {
        Autoscaling bounds = body.minReplicas() == null && body.maxReplicas() == null
                ? null
                : new Autoscaling(
                        body.minReplicas() == null ? 0 : body.minReplicas(),
                        body.maxReplicas() == null ? 0 : body.maxReplicas());
        fleet.autoscale(currentUser.require(), id, bounds);
        return new Accepted(id, "autoscale", "started");
    }

    @PostMapping("/{id}/restart")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Restart a factory's replicas")
    Accepted restart(@PathVariable String id) {
        fleet.restart(currentUser.require(), id, Progress.NONE);
        return new Accepted(id, "restart", "started");
    }

    private FactoryTelemetry visible(String id) {
        return telemetry.factory(currentUser.require(), id).orElseThrow(() -> new NoSuchElementException(id));
    }
}
