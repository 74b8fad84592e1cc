package io.meshportal.factory;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the factory API reads a request's query and writes its answers: JSON bodies, the API's error form
 * ({@code {"error", "message", "status"}}), and no body for HEAD.
 */
final class Exchanges {

    private Exchanges() {}

    /** The query's parameters, decoded, in order; a parameter given twice is refused (IllegalArgumentException). */
    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> result = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (result.put(name, value) != null) {
                throw new IllegalArgumentException("Query parameter '" + name + "' given twice");
            }
        }
        return result;
    }

    static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        json(exchange, status, TelemetryJson.write(Map.of("error", code, "message", message, "status", status)));
    }

    static void json(HttpExchange exchange, int status, byte[] body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }
}
