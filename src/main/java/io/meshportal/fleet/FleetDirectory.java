package io.meshportal.fleet;

import io.meshportal.security.FactoryDirectory;
import java.util.List;
import org.springframework.stereotype.Component;

/** Answers security's question "which factories exist" from the fleet port. */
@Component
class FleetDirectory implements FactoryDirectory {

    private final Fleet fleet;

    FleetDirectory(Fleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public boolean exists(String factoryId) {
        return factoryId != null && fleet.factories().stream().anyMatch(f -> f.id().equals(factoryId));
    }

    @Override
    public List<String> factoryIds() {
        return fleet.factories().stream().map(FactoryRef::id).sorted().toList();
    }
}
