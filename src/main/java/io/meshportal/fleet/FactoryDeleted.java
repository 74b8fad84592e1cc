package io.meshportal.fleet;

/** A factory was deleted through the portal: features that keep something per factory let go of it. */
public record FactoryDeleted(String factoryId) {}
