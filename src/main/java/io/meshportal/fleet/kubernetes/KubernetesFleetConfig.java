package io.meshportal.fleet.kubernetes;

import io.meshportal.fleet.FleetChanges;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code meshportal.fleet.mode=kubernetes}: the fleet is every factory Deployment in the configured clusters. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "meshportal.fleet.mode", havingValue = "kubernetes")
class KubernetesFleetConfig {

    @Bean(destroyMethod = "close")
    Clusters kubernetesClusters(KubernetesProperties properties, FleetChanges changes) {
        Clusters clusters;
        if (properties.inCluster()) {
            clusters = new Clusters(List.of(ClusterLoader.inCluster(properties)), properties, changes::changed);
        } else {
            // clusters follow the kubeconfig file: contexts can be added or removed while the portal runs
            clusters = new Clusters(List.of(), properties, changes::changed);
            clusters.watch(
                    ClusterLoader.kubeconfigPath(properties),
                    properties.contexts(),
                    (context, file) -> ClusterLoader.cluster(context, file, properties));
        }
        clusters.start();
        return clusters;
    }

    @Bean(destroyMethod = "close")
    ConfigCluster meshConfigCluster(KubernetesProperties properties, MeshProperties mesh) {
        ConfigCluster config;
        try {
            config = ClusterLoader.configCluster(properties, mesh);
        } catch (RuntimeException e) {
            String name = mesh.configContext() == null || mesh.configContext().isBlank()
                    ? "(own cluster)"
                    : mesh.configContext();
            config = ConfigCluster.unusable(name, e.getMessage());
        }
        config.start(properties.metricsInterval());
        return config;
    }

    @Bean
    KubernetesFleet kubernetesFleet(
            Clusters clusters, ConfigCluster config, KubernetesProperties properties, Clock clock) {
        return new KubernetesFleet(clusters, config, properties, clock);
    }

    @Bean
    KubernetesTraffic kubernetesTraffic(KubernetesFleet fleet) {
        return fleet.traffic();
    }
}
