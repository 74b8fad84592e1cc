package io.meshportal.fleet.kubernetes;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code meshportal.fleet.mode=kubernetes}: the fleet is every factory Deployment in the configured clusters. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "meshportal.fleet.mode", havingValue = "kubernetes")
class KubernetesFleetConfig {

    @Bean(destroyMethod = "close")
    KubernetesFleet kubernetesFleet(KubernetesProperties properties, Clock clock) {
        KubernetesFleet fleet = new KubernetesFleet(ClusterLoader.load(properties), properties, clock);
        fleet.start();
        return fleet;
    }
}
