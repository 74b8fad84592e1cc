package io.meshportal.factory;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapping of the factory API, shared by the factory (writes) and the portal's pollers (reads). */
public final class TelemetryJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            // Newer factories may add fields; older portals must still read them.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** Bound once: thousands of snapshots a second are read with it. */
    private static final tools.jackson.databind.ObjectReader SNAPSHOT = MAPPER.readerFor(TelemetrySnapshot.class);

    private TelemetryJson() {}

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static String writeString(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Parses and checks a snapshot; throws {@link IllegalArgumentException} for anything malformed. */
    public static TelemetrySnapshot read(byte[] body) {
        TelemetrySnapshot snapshot;
        try {
            snapshot = SNAPSHOT.readValue(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Malformed telemetry: " + e.getMessage(), e);
        }
        if (snapshot == null
                || snapshot.factoryId() == null
                || snapshot.timestamp() == null
                || snapshot.state() == null
                || snapshot.inputs() == null
                || snapshot.outputs() == null
                || snapshot.oee() == null) {
            throw new IllegalArgumentException("Telemetry is missing required fields");
        }
        return snapshot;
    }
}
