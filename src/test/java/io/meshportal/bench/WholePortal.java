package io.meshportal.bench;

import io.meshportal.fleet.kubernetes.BenchFleet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole portal as users run it, for the fan-in sweep and the soak: the production jar in Kubernetes mode
 * against a fake API server holding the factories' Deployments, the factories answering from another process
 * ({@link AddressFarm}) at one loopback address each, alert rules active, and screens open through
 * {@link UiSwarm} (dashboards and wall displays), each in processes of their own.
 */
final class WholePortal implements AutoCloseable {

    static final String ADMIN_PASSWORD = "bench-only-" + Long.toHexString(System.nanoTime());

    final Path dir;
    final BenchFleet fleet;
    final Process farm;
    /** The farm's answers so far and when it counted them (its own clock, so a rate needs no guessing). */
    record Served(long count, long atMillis) {
        double perSecondSince(Served earlier) {
            return (count - earlier.count) * 1000.0 / Math.max(1, atMillis - earlier.atMillis);
        }
    }

    final java.util.concurrent.atomic.AtomicReference<Served> served =
            new java.util.concurrent.atomic.AtomicReference<>(new Served(0, System.currentTimeMillis()));
    final List<FanOutBenchmark.Swarm> swarms = new ArrayList<>();
    PortalProcess portal;

    /**
     * @param range    the second octet of the factories' loopback addresses (one per bench running at a time)
     * @param farmSize factories the farm answers for (the fleet grows into them)
     * @param failure  the farm's failure schedule (FAIL_EVERY_S FAIL_FOR_S FAIL_ONE_IN), or none
     */
    WholePortal(Path dir, int range, int farmSize, List<String> failure) throws Exception {
        this.dir = dir;
        this.fleet = new BenchFleet(dir, range);
        List<String> command = new ArrayList<>(List.of(
                FanOutBenchmark.java(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                AddressFarm.class.getName(),
                String.valueOf(range),
                String.valueOf(farmSize)));
        command.addAll(failure);
        farm = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(farm.getInputStream()));
        String ready = lines.readLine();
        if (!"READY".equals(ready)) {
            throw new IllegalStateException("farm did not start: " + ready);
        }
        Thread.ofVirtual().start(() -> {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("SERVED ")) {
                        String[] parts = line.split(" ");
                        served.set(new Served(Long.parseLong(parts[1]), Long.parseLong(parts[2])));
                    }
                }
            } catch (java.io.IOException ended) {
                // stopped
            }
        });
    }

    /**
     * Starts the portal once to create its database, adds alert rules over the whole fleet (factory down, output
     * below, OEE below) while it is stopped, and starts it again: the rules are read at start.
     */
    void startPortal(List<String> jvm) throws Exception {
        if (Files.exists(dir.resolve("data").resolve("meshportal.db"))) {
            // the database and its rules are there: just start (again)
            portal = PortalProcess.start(dir.resolve("portal.log"), options(jvm), arguments(), ADMIN_PASSWORD);
            return;
        }
        Path data = dir.resolve("data");
        List<String> jvmOptions = options(jvm);
        List<String> args = arguments();
        Path log = dir.resolve("portal.log");
        try (PortalProcess first = PortalProcess.start(log, jvmOptions, args, ADMIN_PASSWORD)) {
            // created its schema
        }
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("meshportal.db"));
                var insert = db.prepareStatement("insert into alert_rule (enabled, factory_id, hold_seconds, kind,"
                        + " name, severity, threshold) values (1, null, ?, ?, ?, ?, ?)")) {
            Object[][] rules = {
                {5, "FACTORY_DOWN", "Factory down", "CRITICAL", 0.0},
                {30, "OUTPUT_RATE_BELOW", "Output low", "WARNING", 1.0},
                {30, "OEE_BELOW", "OEE low", "WARNING", 0.2}
            };
            for (Object[] r : rules) {
                insert.setObject(1, r[0]);
                insert.setObject(2, r[1]);
                insert.setObject(3, r[2]);
                insert.setObject(4, r[3]);
                insert.setObject(5, r[4]);
                insert.executeUpdate();
            }
        }
        portal = PortalProcess.start(log, jvmOptions, args, ADMIN_PASSWORD);
    }

    private List<String> options(List<String> jvm) {
        List<String> options = new ArrayList<>(jvm);
        options.add("-Djdk.net.hosts.file=" + fleet.hosts());
        // the JDK's hosts-file resolver reads the whole file at each lookup (thousands of lines here), which a real
        // resolver does not: keep what it resolved (the names never change during a run)
        options.add("-Dsun.net.inetaddr.ttl=-1");
        return options;
    }

    private List<String> arguments() {
        return List.of(
                "--meshportal.data.dir=" + dir.resolve("data"),
                "--meshportal.fleet.mode=kubernetes",
                "--meshportal.kubernetes.kubeconfig=" + fleet.kubeconfig(),
                "--meshportal.kubernetes.namespace=" + BenchFleet.NAMESPACE,
                "--meshportal.security.demo-accounts=false");
    }

    /** Closes the screens and stops the portal (the fleet and the farm stay). */
    void stopPortal() throws Exception {
        swarms.forEach(FanOutBenchmark.Swarm::stop);
        swarms.clear();
        portal.close();
        portal = null;
    }

    /** Opens {@code uis} screens at {@code route} ("" dashboards, "wall" wall displays), ten per sign-in. */
    void open(int uis, String route) throws Exception {
        swarms.add(
                FanOutBenchmark.Swarm.start(portal.base, "admin", ADMIN_PASSWORD, uis, Math.max(1, uis / 10), route));
    }

    long pushesReceived() {
        return swarms.stream().mapToLong(FanOutBenchmark.Swarm::messages).sum();
    }

    @Override
    public void close() throws Exception {
        swarms.forEach(FanOutBenchmark.Swarm::stop);
        if (portal != null) {
            portal.close();
        }
        farm.destroy();
        farm.waitFor(10, TimeUnit.SECONDS);
        fleet.close();
    }
}
