package io.meshportal.factory;

import static io.meshportal.factory.Exchanges.error;
import static io.meshportal.factory.Exchanges.json;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A factory's injected fault and how it misbehaves under it: slow, failing, garbled, hung or huge answers, so the
 * portal's pollers, proxies and alerts can be tested against a factory that breaks as real ones do.
 */
final class FaultInjection {

    private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
    private final FactoryLog log;
    private final BooleanSupplier stopping;

    /** @param stopping whether the server is stopping (a hung answer then ends) */
    FaultInjection(FactoryLog log, BooleanSupplier stopping) {
        this.log = log;
        this.stopping = stopping;
    }

    Fault get() {
        return fault.get();
    }

    /** Switches the fault, logging the change as the factory would. */
    void set(Fault mode) {
        Fault before = fault.getAndSet(mode);
        if (before != mode) {
            if (mode == Fault.NONE) {
                log.info("fault " + before + " cleared");
            } else {
                log.warn("fault injected: " + mode);
            }
        }
    }

    /** {@code POST /fault?mode=…}: switches the fault as the request says. */
    void setFromQuery(HttpExchange exchange) throws IOException {
        try {
            Fault mode = Fault.valueOf(
                    Exchanges.query(exchange).getOrDefault("mode", "").toUpperCase());
            fault.set(mode);
            json(exchange, 200, ("{\"fault\":\"" + mode + "\"}").getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "bad_parameter", "mode must be one of " + Arrays.toString(Fault.values()));
        }
    }

    /** Applies the current fault; true when the response has been dealt with. */
    boolean misbehave(HttpExchange exchange) throws IOException {
        switch (fault.get()) {
            case NONE -> {
                return false;
            }
            case SLOW -> {
                sleep(2500);
                return false;
            }
            case ERROR -> error(exchange, 500, "internal_error", "Injected fault");
            case GARBAGE -> json(exchange, 200, "{\"factoryId\": <<not json".getBytes(StandardCharsets.UTF_8));
            case HANG -> {
                while (fault.get() == Fault.HANG && !stopping.getAsBoolean()) {
                    sleep(100);
                }
                return false;
            }
            case HUGE -> {
                byte[] body = new byte[10 * 1024 * 1024];
                Arrays.fill(body, (byte) ' ');
                body[0] = '[';
                body[body.length - 1] = ']';
                json(exchange, 200, body);
            }
        }
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
