package io.meshportal.fleet;

import java.util.List;
import java.util.Map;

/** Every factory currently known: all the telemetry pollers need from the fleet. */
@FunctionalInterface
public interface FactorySource {

    /** In no particular order. */
    List<FactoryRef> factories();

    /**
     * The factories that run more than one version right now, with their versions and split — read from what the
     * adapter already holds (its cache), cheap enough for every telemetry round. Factories not listed run one
     * version. The pollers then poll each version pinned ({@link Versions#HEADER}) and count each on its own.
     */
    default Map<String, Versions> splits() {
        return Map.of();
    }
}
