package io.meshportal.mesh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link MeshPolicy} ↔ Istio v1 resources (VirtualService, DestinationRule, PeerAuthentication,
 * AuthorizationPolicy) as plain JSON-shaped maps, so the Kubernetes adapter can send them with the official
 * client's custom-objects API. All four are named {@code factory-<id>} and labelled as the factory's.
 */
public final class IstioMapping {

    public static final String NETWORKING = "networking.istio.io";
    public static final String SECURITY = "security.istio.io";
    public static final String VERSION = "v1";
    static final String STABLE = "stable";
    static final String CANARY = "canary";

    private IstioMapping() {
    }

    /** The four resources, keyed by kind. An AuthorizationPolicy only when principals are set. */
    public static Map<String, Map<String, Object>> toResources(String factoryId, String namespace, String host, MeshPolicy p) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        String name = "factory-" + factoryId;
        Map<String, Object> retries = p.retryAttempts() == 0 ? Map.of("attempts", 0)
                : map("attempts", p.retryAttempts(), "perTryTimeout", duration(p.perTryTimeout()), "retryOn", p.retryOn());
        List<Object> route = new ArrayList<>();
        route.add(map("destination", map("host", host, "subset", STABLE), "weight", p.stableWeight()));
        if (p.canaryWeight() > 0) {
            route.add(map("destination", map("host", host, "subset", CANARY), "weight", p.canaryWeight()));
        }
        out.put("VirtualService", resource(NETWORKING, "VirtualService", name, namespace, factoryId, map(
                "hosts", List.of(host),
                "http", List.of(map("timeout", duration(p.timeout()), "retries", retries, "route", route)))));
        List<Object> subsets = new ArrayList<>();
        subsets.add(map("name", STABLE, "labels", map("version", p.stableVersion())));
        if (p.canaryWeight() > 0) {
            subsets.add(map("name", CANARY, "labels", map("version", p.canaryVersion())));
        }
        out.put("DestinationRule", resource(NETWORKING, "DestinationRule", name, namespace, factoryId, map(
                "host", host,
                "trafficPolicy", map(
                        "connectionPool", map("tcp", map("maxConnections", p.maxConnections()),
                                "http", map("http1MaxPendingRequests", p.maxPendingRequests())),
                        "outlierDetection", map("consecutive5xxErrors", p.consecutive5xxErrors(), "interval", "10s",
                                "baseEjectionTime", duration(p.baseEjectionTime()), "maxEjectionPercent", 100),
                        "tls", map("mode", p.mtls() == MtlsMode.DISABLE ? "DISABLE" : "ISTIO_MUTUAL")),
                "subsets", subsets)));
        Map<String, Object> selector = map("matchLabels", map("meshportal.io/factory", factoryId));
        out.put("PeerAuthentication", resource(SECURITY, "PeerAuthentication", name, namespace, factoryId, map(
                "selector", selector, "mtls", map("mode", p.mtls().name()))));
        if (!p.allowedPrincipals().isEmpty()) {
            out.put("AuthorizationPolicy", resource(SECURITY, "AuthorizationPolicy", name, namespace, factoryId, map(
                    "selector", selector, "action", "ALLOW",
                    "rules", List.of(map("from", List.of(map("source", map("principals", p.allowedPrincipals()))))))));
        }
        return out;
    }

    /** Reads a policy back from existing resources; missing parts take the values that mean "not set". */
    @SuppressWarnings("unchecked")
    public static MeshPolicy fromResources(Map<String, Map<String, Object>> resources) {
        Map<String, Object> vs = spec(resources.get("VirtualService"));
        Map<String, Object> dr = spec(resources.get("DestinationRule"));
        Map<String, Object> pa = spec(resources.get("PeerAuthentication"));
        Map<String, Object> ap = spec(resources.get("AuthorizationPolicy"));
        Map<String, Object> http = first((List<Object>) vs.get("http"));
        Map<String, Object> retries = (Map<String, Object>) http.getOrDefault("retries", Map.of());
        int stableWeight = 100;
        int canaryWeight = 0;
        for (Object r : (List<Object>) http.getOrDefault("route", List.of())) {
            Map<String, Object> route = (Map<String, Object>) r;
            String subset = String.valueOf(((Map<String, Object>) route.getOrDefault("destination", Map.of())).get("subset"));
            int weight = number(route.get("weight"), 100);
            if (CANARY.equals(subset)) {
                canaryWeight = weight;
            } else {
                stableWeight = weight;
            }
        }
        Map<String, Object> traffic = (Map<String, Object>) dr.getOrDefault("trafficPolicy", Map.of());
        Map<String, Object> pool = (Map<String, Object>) traffic.getOrDefault("connectionPool", Map.of());
        Map<String, Object> outlier = (Map<String, Object>) traffic.getOrDefault("outlierDetection", Map.of());
        String stableVersion = "v1";
        String canaryVersion = "v2";
        for (Object s : (List<Object>) dr.getOrDefault("subsets", List.of())) {
            Map<String, Object> subset = (Map<String, Object>) s;
            String version = String.valueOf(((Map<String, Object>) subset.getOrDefault("labels", Map.of())).get("version"));
            if (CANARY.equals(subset.get("name"))) {
                canaryVersion = version;
            } else {
                stableVersion = version;
            }
        }
        String mode = String.valueOf(((Map<String, Object>) pa.getOrDefault("mtls", Map.of("mode", "PERMISSIVE"))).get("mode"));
        List<String> principals = new ArrayList<>();
        for (Object rule : (List<Object>) ap.getOrDefault("rules", List.of())) {
            for (Object from : (List<Object>) ((Map<String, Object>) rule).getOrDefault("from", List.of())) {
                Map<String, Object> source = (Map<String, Object>) ((Map<String, Object>) from).getOrDefault("source", Map.of());
                principals.addAll((List<String>) source.getOrDefault("principals", List.of()));
            }
        }
        return new MeshPolicy(parseDuration((String) http.get("timeout"), Duration.ofSeconds(15)),
                number(retries.get("attempts"), 0), parseDuration((String) retries.get("perTryTimeout"), null),
                (String) retries.get("retryOn"),
                number(((Map<String, Object>) pool.getOrDefault("tcp", Map.of())).get("maxConnections"), 1024),
                number(((Map<String, Object>) pool.getOrDefault("http", Map.of())).get("http1MaxPendingRequests"), 1024),
                number(outlier.get("consecutive5xxErrors"), 5),
                parseDuration((String) outlier.get("baseEjectionTime"), Duration.ofSeconds(30)),
                stableVersion, canaryVersion, stableWeight, canaryWeight, MtlsMode.valueOf(mode.equals("UNSET") ? "PERMISSIVE" : mode),
                principals);
    }

    /** Istio duration text: whole seconds as "2s", otherwise milliseconds "800ms". */
    static String duration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    static Duration parseDuration(String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
        }
        if (text.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        if (text.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        throw new IllegalArgumentException("Not an Istio duration: " + text);
    }

    private static Map<String, Object> resource(String group, String kind, String name, String namespace, String factoryId,
            Map<String, Object> spec) {
        return map("apiVersion", group + "/" + VERSION, "kind", kind,
                "metadata", map("name", name, "namespace", namespace, "labels", map(
                        "app.kubernetes.io/part-of", "meshportal", "app.kubernetes.io/managed-by", "meshportal",
                        "meshportal.io/factory", factoryId)),
                "spec", spec);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> resource) {
        return resource == null ? Map.of() : (Map<String, Object>) resource.getOrDefault("spec", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(List<Object> list) {
        return list == null || list.isEmpty() ? Map.of() : (Map<String, Object>) list.getFirst();
    }

    private static int number(Object value, int fallback) {
        return value instanceof Number n ? n.intValue() : fallback;
    }

    /** An insertion-ordered map from key/value pairs (Map.of has no order and no nulls). */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
