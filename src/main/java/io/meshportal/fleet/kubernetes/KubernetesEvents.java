package io.meshportal.fleet.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * A factory's history as Kubernetes tells it: the namespace's events (from the events informer, so nothing waits
 * on a cluster) picked by the names the Deployment controller gives a factory's objects, as the fleet's
 * {@link io.meshportal.fleet.FactoryEvent}s.
 */
final class KubernetesEvents {

    private final Clusters clusters;

    KubernetesEvents(Clusters clusters) {
        this.clusters = clusters;
    }

    /**
     * The events of a factory's Deployment ({@code factory-<id>}), its ReplicaSets ({@code factory-<id>-<hash>}) and
     * Pods ({@code factory-<id>-<hash>-<suffix>}) and its autoscaler, newest first, from the events informer (the
     * names follow the Deployment controller's naming; kubernetes/pkg/controller/deployment/sync.go and
     * replica_set.go).
     */
    List<io.meshportal.fleet.FactoryEvent> events(String factoryId) {
        ClusterClient cluster = clusters.hostingIfAny(factoryId).orElse(null);
        if (cluster == null) {
            return List.of();
        }
        String deployment = java.util.regex.Pattern.quote(FactoryResources.name(factoryId));
        // a ReplicaSet is <deployment>-<pod-template-hash>, a Pod <replicaset>-<5 characters>, both drawn from
        // the vowel-free alphabet of k8s.io/apimachinery/pkg/util/rand (SafeEncodeString), so another factory's
        // Deployment named e.g. factory-oslo-1-west is not taken for one of oslo-1's
        String safe = "[bcdfghjklmnpqrstvwxz2456789]";
        Map<String, java.util.regex.Pattern> owned = Map.of(
                "Deployment", java.util.regex.Pattern.compile(deployment),
                "HorizontalPodAutoscaler", java.util.regex.Pattern.compile(deployment),
                "ReplicaSet", java.util.regex.Pattern.compile(deployment + "-" + safe + "{5,10}"),
                "Pod", java.util.regex.Pattern.compile(deployment + "-" + safe + "{5,10}-" + safe + "{5}"));
        return cluster.events.getIndexer().list().stream()
                .filter(e -> e.getInvolvedObject() != null
                        && e.getInvolvedObject().getName() != null
                        && owned.containsKey(e.getInvolvedObject().getKind())
                        && owned.get(e.getInvolvedObject().getKind())
                                .matcher(e.getInvolvedObject().getName())
                                .matches())
                .map(KubernetesEvents::event)
                .sorted(java.util.Comparator.comparing(io.meshportal.fleet.FactoryEvent::at)
                        .reversed())
                .limit(io.meshportal.fleet.Fleet.MAX_EVENTS)
                .toList();
    }

    private static io.meshportal.fleet.FactoryEvent event(io.kubernetes.client.openapi.models.CoreV1Event e) {
        java.time.OffsetDateTime when = e.getLastTimestamp() != null
                ? e.getLastTimestamp()
                : e.getEventTime() != null
                        ? e.getEventTime()
                        : e.getFirstTimestamp() != null
                                ? e.getFirstTimestamp()
                                : e.getMetadata() == null
                                        ? null
                                        : e.getMetadata().getCreationTimestamp();
        return new io.meshportal.fleet.FactoryEvent(
                when == null ? java.time.Instant.EPOCH : when.toInstant(),
                "Warning".equals(e.getType())
                        ? io.meshportal.fleet.FactoryEvent.Type.WARNING
                        : io.meshportal.fleet.FactoryEvent.Type.NORMAL,
                e.getReason() == null ? "" : e.getReason(),
                e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName(),
                e.getMessage() == null ? "" : e.getMessage(),
                e.getCount() == null ? 1 : e.getCount());
    }
}
