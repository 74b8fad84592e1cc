package io.meshportal.mesh;

/** One factory's golden signals: all its versions together ({@code version} null), or one version. */
public record FactorySignals(String factoryId, String cluster, String version, Signal signal) {}
