package io.meshportal.fleet.kubernetes;

import io.meshportal.fleet.FleetChanges;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code meshportal.fleet.mode=kubernetes}: the fleet is every factory Deployment in the configured clusters. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "meshportal.fleet.mode", havingValue = "kubernetes")
class KubernetesFleetConfig {

    @Bean(destroyMethod = "close")
    Clusters kubernetesClusters(KubernetesProperties properties, FleetChanges changes) {
        Clusters clusters = new Clusters(ClusterLoader.load(properties), properties, changes::changed);
        clusters.start();
        return clusters;
    }

    @Bean
    KubernetesFleet kubernetesFleet(Clusters clusters, KubernetesProperties properties, Clock clock) {
        return new KubernetesFleet(clusters, properties, clock);
    }

    @Bean
    KubernetesTraffic kubernetesTraffic(Clusters clusters, KubernetesFleet fleet) {
        return new KubernetesTraffic(clusters, fleet.reads());
    }
}
