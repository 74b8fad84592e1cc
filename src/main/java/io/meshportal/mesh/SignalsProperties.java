package io.meshportal.mesh;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param prometheusUrl   Prometheus (or a federating one) holding Istio's metrics of every cluster; empty: none
 * @param prometheusUrls  per-cluster Prometheus by cluster name, queried as well (labels carry the cluster)
 * @param signalsInterval how often signals are read
 * @param signalsTimeout  a read slower than this marks the source DOWN
 * @param window          the rate window of the PromQL queries (a few scrape intervals)
 * @param embeddedWindow  the window over the embedded proxies' own meters (read every second, no scrape delay)
 */
@ConfigurationProperties("meshportal.mesh")
public record SignalsProperties(
        String prometheusUrl,
        @DefaultValue Map<String, String> prometheusUrls,
        @DefaultValue("1s") Duration signalsInterval,
        @DefaultValue("1500ms") Duration signalsTimeout,
        @DefaultValue("1m") Duration window,
        @DefaultValue("3s") Duration embeddedWindow) {}
