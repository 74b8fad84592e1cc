package io.meshportal.fleet.kubernetes;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param kubeconfig     kubeconfig file; empty: $KUBECONFIG, then ~/.kube/config
 * @param contexts       contexts to use, one cluster each; empty: every context in the file
 * @param inCluster      use the pod's service account instead of a kubeconfig (the portal's own cluster only)
 * @param namespace      namespace of the factories
 * @param factoryImage   image of new factories
 * @param clusterDomain  DNS domain used in telemetry URLs (service.namespace.svc.DOMAIN)
 * @param resync         informer resync period
 * @param requestTimeout timeout of every API call, so one broken cluster never blocks the others
 * @param rolloutTimeout how long create waits for the rollout to become available
 * @param probeInterval  how often each cluster's /version is checked (reachability)
 * @param probeTimeout   a probe slower than this marks the cluster unreachable
 * @param metricsInterval how often node and pod metrics (metrics-server) and mesh presence are read
 * @param reloadInterval how often the kubeconfig file is read again for clusters that came or went
 */
@ConfigurationProperties("meshportal.kubernetes")
public record KubernetesProperties(
        String kubeconfig,
        @DefaultValue List<String> contexts,
        @DefaultValue("false") boolean inCluster,
        @DefaultValue("factories") String namespace,
        @DefaultValue("meshportal/factory:dev") String factoryImage,
        @DefaultValue("cluster.local") String clusterDomain,
        @DefaultValue("30s") Duration resync,
        @DefaultValue("5s") Duration requestTimeout,
        @DefaultValue("120s") Duration rolloutTimeout,
        @DefaultValue("1s") Duration probeInterval,
        @DefaultValue("1200ms") Duration probeTimeout,
        @DefaultValue("10s") Duration metricsInterval,
        @DefaultValue("5s") Duration reloadInterval) {}
