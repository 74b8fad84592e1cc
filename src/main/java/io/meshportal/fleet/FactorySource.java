package io.meshportal.fleet;

import java.util.List;

/** Every factory currently known: all the telemetry pollers need from the fleet. */
@FunctionalInterface
public interface FactorySource {

    /** In no particular order. */
    List<FactoryRef> factories();
}
