package io.meshportal.fleet.local;

import io.meshportal.factory.FactoryConfig;
import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.FactorySpec;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Fleet;
import io.meshportal.security.InitialAccounts;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The embedded default: every factory is a real factory server (the same code as the container) on a loopback
 * port of this process.
 */
@Component
@ConditionalOnProperty(name = "meshportal.fleet.mode", havingValue = "local", matchIfMissing = true)
class LocalFleet implements Fleet {

    static final String CLUSTER = "local";
    private static final Logger log = LoggerFactory.getLogger(LocalFleet.class);

    private final Map<String, FactoryServer> servers = new ConcurrentHashMap<>();

    private final InitialAccounts accounts;

    LocalFleet(LocalFleetProperties properties, InitialAccounts accounts) {
        this.accounts = accounts;
        for (LocalFleetProperties.DemoFactory demo : properties.factoriesOrDefault()) {
            start(new FactorySpec(demo.id(), demo.name(), demo.country(), "v1",
                    FactoryConfig.parseProducts(demo.products() == null ? FactoryConfig.DEFAULT_PRODUCTS : demo.products()), 8));
        }
    }

    /** After the first-start accounts exist (an ApplicationRunner), give each demo factory its manager. */
    @EventListener(ApplicationReadyEvent.class)
    void createDemoManagers() {
        servers.keySet().forEach(accounts::createDemoManager);
    }

    private void start(FactorySpec spec) {
        try {
            FactoryServer server = FactoryServer.onLoopback(spec);
            servers.put(spec.id(), server);
            log.info("Factory {} serving on {}", spec.id(), server.baseUrl());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start factory " + spec.id(), e);
        }
    }

    @Override
    public List<FactoryRef> factories() {
        List<FactoryRef> refs = new ArrayList<>(servers.size());
        servers.values().forEach(s -> refs.add(new FactoryRef(s.spec().id(), s.spec().name(), s.spec().country(),
                CLUSTER, URI.create(s.baseUrl()))));
        return refs;
    }

    @PreDestroy
    void stop() {
        servers.values().forEach(FactoryServer::close);
    }

}
