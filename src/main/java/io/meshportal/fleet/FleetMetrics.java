package io.meshportal.fleet;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Per cluster reachability at /actuator/prometheus ({@code meshportal_cluster_reachable}, 1 or 0), updated when
 * the fleet changes (a cluster's status is part of that).
 */
@Component
class FleetMetrics {

    private final Fleet fleet;
    private final MultiGauge reachable;

    FleetMetrics(Fleet fleet, FleetChanges changes, MeterRegistry registry) {
        this.fleet = fleet;
        this.reachable = MultiGauge.builder("meshportal.cluster.reachable")
                .description("1 when the cluster's API server answers with the portal's credentials")
                .register(registry);
        update();
        changes.subscribe(this::update);
    }

    private void update() {
        List<MultiGauge.Row<?>> rows = fleet.clusters().stream()
                .<MultiGauge.Row<?>>map(c -> MultiGauge.Row.of(
                        Tags.of("cluster", c.name()), c.status() == ClusterInfo.Status.REACHABLE ? 1 : 0))
                .toList();
        reachable.register(rows, true);
    }
}
