package io.meshportal.fleet;

/**
 * What the portal creates a factory's workload from in a cluster.
 *
 * @param products    the product lines as the factory container reads them ({@code FACTORY_PRODUCTS})
 * @param autoscaling null without an autoscaler
 */
public record FactoryWorkload(
        String id,
        String name,
        String country,
        String version,
        String products,
        int replicas,
        Autoscaling autoscaling) {}
