package io.meshportal.fleet.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict check of Istio resources with fabric8's istio-model, which on its own is lenient: unknown fields land
 * in additionalProperties and unknown enum values become null. Both are turned into errors here.
 */
final class IstioStrict {

    static final Map<String, Class<?>> KINDS = Map.of(
            "VirtualService", io.fabric8.istio.api.networking.v1.VirtualService.class,
            "DestinationRule", io.fabric8.istio.api.networking.v1.DestinationRule.class,
            "Gateway", io.fabric8.istio.api.networking.v1.Gateway.class,
            "PeerAuthentication", io.fabric8.istio.api.security.v1.PeerAuthentication.class,
            "AuthorizationPolicy", io.fabric8.istio.api.security.v1.AuthorizationPolicy.class);
    private static final ObjectMapper MAPPER = Serialization.jsonMapper();

    private IstioStrict() {}

    /** Throws with the offending paths when the resource has unknown fields or values the model cannot hold. */
    static void check(Map<String, Object> resource) {
        String kind = String.valueOf(resource.get("kind"));
        Class<?> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("Unknown Istio kind " + kind);
        }
        Object parsed = MAPPER.convertValue(resource, type);
        List<String> problems = new ArrayList<>();
        walk(parsed, kind, problems, new IdentityHashMap<>());
        JsonNode original = MAPPER.valueToTree(resource);
        JsonNode roundTrip = MAPPER.valueToTree(parsed);
        compare(original, roundTrip, kind, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(kind + ": " + String.join("; ", problems));
        }
    }

    private static void walk(Object o, String path, List<String> problems, IdentityHashMap<Object, Boolean> seen) {
        if (o == null
                || o instanceof String
                || o instanceof Number
                || o instanceof Boolean
                || o instanceof Enum<?>
                || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, problems, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                walk(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0
                    || !m.getName().startsWith("get")
                    || m.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = m.invoke(o);
                if (m.getName().equals("getAdditionalProperties")
                        && value instanceof Map<?, ?> extra
                        && !extra.isEmpty()) {
                    problems.add("unknown field(s) " + extra.keySet() + " at " + path);
                } else {
                    walk(value, path + "." + m.getName().substring(3), problems, seen);
                }
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // getters that compute or fail are not part of the model
            }
        }
    }

    /** Every value in the original must survive the round trip (an unknown enum value becomes null and vanishes). */
    private static void compare(JsonNode original, JsonNode roundTrip, String path, List<String> problems) {
        if (original.isObject()) {
            original.fields().forEachRemaining(e -> {
                JsonNode other = roundTrip == null ? null : roundTrip.get(e.getKey());
                if (other == null || other.isNull()) {
                    if (!e.getValue().isNull()) {
                        problems.add("value not understood at " + path + "." + e.getKey() + ": " + e.getValue());
                    }
                } else {
                    compare(e.getValue(), other, path + "." + e.getKey(), problems);
                }
            });
        } else if (original.isArray()) {
            for (int i = 0; i < original.size(); i++) {
                compare(original.get(i), roundTrip == null ? null : roundTrip.get(i), path + "[" + i + "]", problems);
            }
        } else if (roundTrip != null && !original.asText().equals(roundTrip.asText())) {
            problems.add("value changed at " + path + ": " + original + " → " + roundTrip);
        }
    }
}
