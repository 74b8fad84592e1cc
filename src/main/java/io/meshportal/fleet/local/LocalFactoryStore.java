package io.meshportal.fleet.local;

import io.meshportal.factory.FactoryConfig;
import io.meshportal.factory.FactorySpec;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.FactoryWorkload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded fleet's factories as stored in SQLite, so created factories, their replicas, autoscaling and versions
 * come back on the next start; the demo fleet is seeded into it once.
 */
final class LocalFactoryStore {

    private final LocalFactoryRepository repository;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final List<String> seededDemo = new ArrayList<>();

    LocalFactoryStore(LocalFactoryRepository repository, TransactionTemplate tx, Clock clock) {
        this.repository = repository;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Stores the configured demo factories unless the marker says this was done before (a deleted demo factory stays
     * deleted); the marker is written afterwards.
     */
    void seedOnce(LocalFleetProperties properties, Path marker) {
        if (Files.exists(marker)) {
            return;
        }
        for (LocalFleetProperties.DemoFactory demo : properties.factoriesOrDefault()) {
            if (!repository.existsById(demo.id())) {
                String products = demo.products() == null ? FactoryConfig.DEFAULT_PRODUCTS : demo.products();
                repository.save(new LocalFactory(demo.id(), demo.name(), demo.country(), products, 1, clock.instant()));
                seededDemo.add(demo.id());
            }
        }
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "demo fleet seeded at " + clock.instant() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The demo factories this start seeded; empty when they were seeded before. */
    List<String> seeded() {
        return List.copyOf(seededDemo);
    }

    List<LocalFactory> all() {
        return repository.findAll();
    }

    /** A stored factory's stable version as a factory server runs it. */
    static FactorySpec spec(LocalFactory f) {
        return new FactorySpec(
                f.factoryId(),
                f.name(),
                f.country(),
                f.version(),
                FactoryConfig.parseProducts(f.products()),
                8,
                f.tuning());
    }

    /** A stored factory's autoscaling bounds, or null when it is not autoscaled. */
    static Autoscaling autoscaling(LocalFactory f) {
        return f.autoscaleMin() == null ? null : new Autoscaling(f.autoscaleMin(), f.autoscaleMax());
    }

    /** @param products the product lines in their text form, as the database column keeps them */
    /** Stores a new factory; returns when it was created (its life, see {@link io.meshportal.fleet.FactoryRef}). */
    Instant add(FactorySpec spec, String products, int replicas) {
        Instant created = clock.instant();
        tx.executeWithoutResult(s ->
                repository.save(new LocalFactory(spec.id(), spec.name(), spec.country(), products, replicas, created)));
        return created;
    }

    void remove(String factoryId) {
        tx.executeWithoutResult(s -> repository.deleteById(factoryId));
    }

    /** Changes a stored factory in one transaction; nothing when it is not stored. */
    void update(String factoryId, Consumer<LocalFactory> change) {
        tx.executeWithoutResult(s -> repository.findById(factoryId).ifPresent(f -> {
            change.accept(f);
            repository.save(f);
        }));
    }

    /** What the portal would create for the factory in a cluster, from its stored record. */
    Optional<FactoryWorkload> workload(String factoryId) {
        return repository
                .findById(factoryId)
                .map(f -> new FactoryWorkload(
                        f.factoryId(), f.name(), f.country(), f.version(), f.products(), f.replicas(), autoscaling(f)));
    }
}
