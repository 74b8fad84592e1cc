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
        // every line to standard output, where the container runtime keeps it for kubectl logs
        FactoryLog log = new FactoryLog(FactoryLog.DEFAULT_CAPACITY, Clock.systemUTC(), System.out);
        FactoryServer server = new FactoryServer(
                        config.spec(), config.bind(), config.port(), Clock.systemUTC(), config.faultControl(), log)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "factory-shutdown"));
    }
}
