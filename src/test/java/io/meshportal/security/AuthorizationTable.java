package io.meshportal.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads {@code authorization-matrix.txt}, the one table of who may open which route and call which method. */
record AuthorizationTable(List<Row> rows) {

    static final List<String> WHO = List.of("admin", "office", "managerA", "managerB", "anonymous");

    enum Outcome {
        ALLOW,
        DENY,
        OWN,
        NONE
    }

    /** kind is route, service or system; for system rows {@code expected} is empty and {@code reason} says why. */
    record Row(String kind, String target, Map<String, Outcome> expected, String reason) {}

    static AuthorizationTable load() {
        try (InputStream in = AuthorizationTable.class.getResourceAsStream("/authorization-matrix.txt")) {
            List<Row> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.trim().split("\\s+");
                if (cells[0].equals("system")) {
                    rows.add(new Row(
                            "system",
                            cells[1],
                            Map.of(),
                            String.join(" ", Arrays.copyOfRange(cells, 2, cells.length))));
                    continue;
                }
                if (cells.length != 2 + WHO.size()) {
                    throw new IllegalStateException("Row needs a cell for each of " + WHO + ": " + line);
                }
                Map<String, Outcome> expected = new java.util.LinkedHashMap<>();
                for (int i = 0; i < WHO.size(); i++) {
                    expected.put(WHO.get(i), Outcome.valueOf(cells[2 + i].toUpperCase()));
                }
                rows.add(new Row(cells[0], cells[1], expected, null));
            }
            return new AuthorizationTable(List.copyOf(rows));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Row> of(String kind) {
        return rows.stream().filter(r -> r.kind().equals(kind)).toList();
    }
}
