package io.meshportal.bench;

import com.sun.net.httpserver.HttpServer;
import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.Simulation;
import io.meshportal.factory.TelemetryJson;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * Benchmark helper, run as its own process so the portal side is measured alone: serves N factories under
 * {@code /f/<id>/api/v1/telemetry} on one loopback port, each snapshot computed once per second.
 * Usage: FactoryFarm COUNT. Prints "READY port".
 */
public final class FactoryFarm {

    private record Cached(long second, byte[] body) {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        var simulations = new ConcurrentHashMap<String, Simulation>();
        for (int i = 0; i < count; i++) {
            String id = "f-" + i;
            simulations.put(id, new Simulation(FactorySpec.furniture(id, "Factory " + i, "DE")));
        }
        var cache = new ConcurrentHashMap<String, Cached>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/f/", exchange -> {
            try (exchange) {
                String[] parts = exchange.getRequestURI().getPath().split("/");
                Simulation sim = parts.length > 2 ? simulations.get(parts[2]) : null;
                if (sim == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                long now = System.currentTimeMillis();
                Cached c = cache.compute(
                        parts[2],
                        (k, old) -> old != null && old.second() == now / 1000
                                ? old
                                : new Cached(
                                        now / 1000, TelemetryJson.write(sim.at(java.time.Instant.ofEpochMilli(now)))));
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, c.body().length);
                exchange.getResponseBody().write(c.body());
            }
        });
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
