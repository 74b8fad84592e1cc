package io.meshportal.factory;

import static io.meshportal.factory.Exchanges.error;
import static io.meshportal.factory.Exchanges.json;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * The factory API's telemetry: a snapshot now or at a given instant ({@link FactoryServer#TELEMETRY}), and a stream
 * of one snapshot a second ({@link FactoryServer#STREAM}), at most {@link FactoryServer#MAX_STREAMS} at once. A
 * change of production state seen by the polls is logged.
 */
final class TelemetryEndpoints {

    private static final Set<String> TELEMETRY_PARAMS = Set.of("at");

    private final Simulation simulation;
    private final Clock clock;
    private final FactoryLog log;
    private final FaultInjection faults;
    private final BooleanSupplier stopping;
    private final Semaphore streams = new Semaphore(FactoryServer.MAX_STREAMS);
    private volatile FactoryState lastState;

    /** @param stopping whether the server is stopping (open streams then end) */
    TelemetryEndpoints(
            Simulation simulation, Clock clock, FactoryLog log, FaultInjection faults, BooleanSupplier stopping) {
        this.simulation = simulation;
        this.clock = clock;
        this.log = log;
        this.faults = faults;
        this.stopping = stopping;
    }

    void telemetry(HttpExchange exchange) throws IOException {
        Map<String, String> query;
        try {
            query = Exchanges.query(exchange);
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "bad_request", e.getMessage());
            return;
        }
        for (String name : query.keySet()) {
            if (!TELEMETRY_PARAMS.contains(name)) {
                error(exchange, 400, "unknown_parameter", "Unknown query parameter '" + name + "'; supported: at");
                return;
            }
        }
        Instant at = clock.instant();
        if (query.containsKey("at")) {
            try {
                at = Instant.parse(query.get("at"));
            } catch (DateTimeParseException e) {
                error(exchange, 400, "bad_parameter", "'at' must be an ISO-8601 instant like 2026-01-01T08:00:00Z");
                return;
            }
        }
        if (faults.misbehave(exchange)) {
            return;
        }
        TelemetrySnapshot snapshot = simulation.at(at);
        if (!query.containsKey("at")) {
            stateSeen(snapshot.state());
        }
        json(exchange, 200, TelemetryJson.write(snapshot));
    }

    /** Server-Sent Events, one telemetry event per second on the second. */
    void stream(HttpExchange exchange) throws IOException {
        if (!streams.tryAcquire()) {
            error(exchange, 503, "too_many_streams", "At most " + FactoryServer.MAX_STREAMS + " streams at once");
            return;
        }
        try {
            if (faults.misbehave(exchange)) {
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!stopping.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
                Instant now = clock.instant();
                String event = "id: " + now.getEpochSecond() + "\nevent: telemetry\ndata: "
                        + TelemetryJson.writeString(simulation.at(now)) + "\n\n";
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(1000 - clock.millis() % 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.release();
        }
    }

    /** Logs a change of the production state, as the polls see it. */
    private void stateSeen(FactoryState state) {
        FactoryState before = lastState;
        lastState = state;
        if (before != null && before != state) {
            String message = "state " + before + " -> " + state;
            if (state == FactoryState.DOWN) {
                log.warn(message);
            } else {
                log.info(message);
            }
        }
    }
}
