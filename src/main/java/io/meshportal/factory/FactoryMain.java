package io.meshportal.factory;

import java.time.Clock;

/** Entry point of a factory process (the container's command). Exits 2 on bad configuration. */
public final class FactoryMain {

    private FactoryMain() {}

    public static void main(String[] args) throws Exception {
        FactoryConfig config;
        try {
            config = FactoryConfig.from(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.err.println("factory: " + e.getMessage());
            System.exit(2);
            return;
        }
        FactoryServer server = new FactoryServer(
                        config.spec(), config.bind(), config.port(), Clock.systemUTC(), config.faultControl())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "factory-shutdown"));
        System.out.println("factory " + config.spec().id() + " serving API v1 on port " + server.port()
                + (config.faultControl() ? " (fault control ENABLED)" : ""));
    }
}
