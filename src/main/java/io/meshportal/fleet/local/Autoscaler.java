package io.meshportal.fleet.local;

import io.meshportal.fleet.Autoscaling;
import java.util.Collection;
import java.util.function.ObjIntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes each autoscaled factory of the embedded fleet to its request rate, as the HorizontalPodAutoscaler does in
 * a cluster: it takes new readings of every factory, then asks for the replicas the rate needs, within the bounds.
 */
final class Autoscaler {

    /** Requests per second one replica is meant to serve; the autoscaler sizes to this. */
    static final double TARGET_RPS_PER_REPLICA = 5;

    private static final Logger log = LoggerFactory.getLogger(Autoscaler.class);

    /** @param scale scales a factory (by id) to a number of replicas, as the fleet does on request */
    void round(Collection<LocalDeployment> deployments, ObjIntConsumer<String> scale) {
        for (LocalDeployment d : deployments) {
            d.sample();
            Autoscaling bounds = d.autoscaling();
            if (bounds != null) {
                int wanted = (int) Math.ceil(d.requestsPerSecond() / TARGET_RPS_PER_REPLICA);
                int desired = Math.max(bounds.minReplicas(), Math.min(bounds.maxReplicas(), wanted));
                if (desired != d.replicas().size()) {
                    log.info(
                            "Autoscaling {} from {} to {} replicas ({} req/s)",
                            d.spec().id(),
                            d.replicas().size(),
                            desired,
                            Math.round(d.requestsPerSecond()));
                    scale.accept(d.spec().id(), desired);
                }
            }
        }
    }
}
