package io.meshportal.fleet.kubernetes;

import io.meshportal.fleet.MtlsMode;
import io.meshportal.fleet.TrafficObjects;
import io.meshportal.fleet.TrafficObjects.Access;
import io.meshportal.fleet.TrafficObjects.Destination;
import io.meshportal.fleet.TrafficObjects.Kind;
import io.meshportal.fleet.TrafficObjects.PeerAuthentication;
import io.meshportal.fleet.TrafficObjects.Retries;
import io.meshportal.fleet.TrafficObjects.Routing;
import io.meshportal.fleet.TrafficObjects.Subset;
import io.meshportal.fleet.TrafficObjects.WeightedSubset;
import io.meshportal.fleet.Versions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link TrafficObjects} ↔ Istio v1 resources (VirtualService, DestinationRule, PeerAuthentication,
 * AuthorizationPolicy) as JSON-shaped maps for client-java's custom-objects API. The wire format lives only here.
 * All four are named {@code factory-<id>} and labelled as the factory's; the portal's note rides on the
 * VirtualService as an annotation. Field names and enums as in istio.io/latest/docs/reference/config/networking/
 * and .../security/.
 */
final class IstioWire {

    static final String NETWORKING = "networking.istio.io";
    static final String SECURITY = "security.istio.io";
    static final String VERSION = "v1";
    static final String NOTE = "meshportal.io/applied-policy";

    /** Kind → {API group, plural}. */
    static final Map<Kind, String[]> API = Map.of(
            Kind.VIRTUAL_SERVICE, new String[] {NETWORKING, "virtualservices"},
            Kind.DESTINATION_RULE, new String[] {NETWORKING, "destinationrules"},
            Kind.PEER_AUTHENTICATION, new String[] {SECURITY, "peerauthentications"},
            Kind.AUTHORIZATION_POLICY, new String[] {SECURITY, "authorizationpolicies"});

    private IstioWire() {}

    /** The resources of the objects present, by kind. */
    static Map<Kind, Map<String, Object>> toResources(
            String factoryId, String namespace, String host, TrafficObjects o) {
        Map<Kind, Map<String, Object>> out = new LinkedHashMap<>();
        String name = FactoryResources.name(factoryId);
        if (o.routing() != null) {
            Routing r = o.routing();
            Retries retries = r.retries();
            Map<String, Object> retryMap = retries.attempts() == 0
                    ? map("attempts", 0)
                    : map(
                            "attempts",
                            retries.attempts(),
                            "perTryTimeout",
                            duration(retries.perTryTimeout()),
                            "retryOn",
                            retries.retryOn());
            List<Object> route = new ArrayList<>();
            for (WeightedSubset w : r.routes()) {
                route.add(map("destination", map("host", host, "subset", w.subset()), "weight", w.weight()));
            }
            // Routes are tried in order and the first match wins (istio.io/latest/docs/reference/config/
            // networking/virtual-service/#HTTPRoute): the header-matched route of each version comes before the
            // weighted one, which has no match and takes every other request.
            List<Object> http = new ArrayList<>();
            if (o.destination() != null) {
                for (Subset s : o.destination().subsets()) {
                    http.add(map(
                            "name",
                            "version-" + s.version(),
                            "match",
                            List.of(map("headers", map(Versions.HEADER, map("exact", s.version())))),
                            "timeout",
                            duration(r.timeout()),
                            "retries",
                            retryMap,
                            "route",
                            List.of(map("destination", map("host", host, "subset", s.name())))));
                }
            }
            http.add(map("name", "split", "timeout", duration(r.timeout()), "retries", retryMap, "route", route));
            Map<String, Object> vs = resource(
                    NETWORKING,
                    Kind.VIRTUAL_SERVICE,
                    name,
                    namespace,
                    factoryId,
                    map("hosts", List.of(host), "http", http));
            if (o.note() != null) {
                metadata(vs).put("annotations", map(NOTE, o.note()));
            }
            out.put(Kind.VIRTUAL_SERVICE, vs);
        }
        if (o.destination() != null) {
            Destination d = o.destination();
            List<Object> subsets = new ArrayList<>();
            for (Subset s : d.subsets()) {
                subsets.add(map("name", s.name(), "labels", map("version", s.version())));
            }
            out.put(
                    Kind.DESTINATION_RULE,
                    resource(
                            NETWORKING,
                            Kind.DESTINATION_RULE,
                            name,
                            namespace,
                            factoryId,
                            map(
                                    "host", host,
                                    "trafficPolicy",
                                            map(
                                                    "connectionPool",
                                                            map(
                                                                    "tcp",
                                                                    map("maxConnections", d.maxConnections()),
                                                                    "http",
                                                                    map(
                                                                            "http1MaxPendingRequests",
                                                                            d.maxPendingRequests())),
                                                    "outlierDetection",
                                                            map(
                                                                    "consecutive5xxErrors",
                                                                    d.consecutive5xxErrors(),
                                                                    "interval",
                                                                    "10s",
                                                                    "baseEjectionTime",
                                                                    duration(d.baseEjectionTime()),
                                                                    "maxEjectionPercent",
                                                                    100),
                                                    "tls", map("mode", d.mutualTls() ? "ISTIO_MUTUAL" : "DISABLE")),
                                    "subsets", subsets)));
        }
        Map<String, Object> selector = map("matchLabels", map(FactoryLabels.FACTORY, factoryId));
        if (o.peerAuthentication() != null) {
            out.put(
                    Kind.PEER_AUTHENTICATION,
                    resource(
                            SECURITY,
                            Kind.PEER_AUTHENTICATION,
                            name,
                            namespace,
                            factoryId,
                            map(
                                    "selector",
                                    selector,
                                    "mtls",
                                    map("mode", o.peerAuthentication().mode().name()))));
        }
        if (o.access() != null) {
            out.put(
                    Kind.AUTHORIZATION_POLICY,
                    resource(
                            SECURITY,
                            Kind.AUTHORIZATION_POLICY,
                            name,
                            namespace,
                            factoryId,
                            map(
                                    "selector",
                                    selector,
                                    "action",
                                    "ALLOW",
                                    "rules",
                                    List.of(map(
                                            "from",
                                            List.of(map(
                                                    "source",
                                                    map("principals", o.access().principals()))))))));
        }
        return out;
    }

    /** Reads objects back; fields missing from a present resource take Istio's defaults. */
    @SuppressWarnings("unchecked")
    static TrafficObjects fromResources(Map<Kind, Map<String, Object>> resources) {
        Routing routing = null;
        String note = null;
        if (resources.containsKey(Kind.VIRTUAL_SERVICE)) {
            Map<String, Object> vs = spec(resources.get(Kind.VIRTUAL_SERVICE));
            Map<String, Object> http = splitRoute((List<Object>) vs.get("http"));
            Map<String, Object> retries = (Map<String, Object>) http.getOrDefault("retries", Map.of());
            List<WeightedSubset> routes = new ArrayList<>();
            for (Object r : (List<Object>) http.getOrDefault("route", List.of())) {
                Map<String, Object> route = (Map<String, Object>) r;
                Object subset = ((Map<String, Object>) route.getOrDefault("destination", Map.of())).get("subset");
                routes.add(new WeightedSubset(String.valueOf(subset), number(route.get("weight"), 100)));
            }
            routing = new Routing(
                    parseDuration((String) http.get("timeout"), Duration.ofSeconds(15)),
                    new Retries(
                            number(retries.get("attempts"), 0),
                            parseDuration((String) retries.get("perTryTimeout"), null),
                            (String) retries.get("retryOn")),
                    routes);
            Map<String, Object> annotations = (Map<String, Object>)
                    metadata(resources.get(Kind.VIRTUAL_SERVICE)).get("annotations");
            note = annotations == null || annotations.get(NOTE) == null ? null : String.valueOf(annotations.get(NOTE));
        }
        Destination destination = null;
        if (resources.containsKey(Kind.DESTINATION_RULE)) {
            Map<String, Object> dr = spec(resources.get(Kind.DESTINATION_RULE));
            Map<String, Object> traffic = (Map<String, Object>) dr.getOrDefault("trafficPolicy", Map.of());
            Map<String, Object> pool = (Map<String, Object>) traffic.getOrDefault("connectionPool", Map.of());
            Map<String, Object> outlier = (Map<String, Object>) traffic.getOrDefault("outlierDetection", Map.of());
            Map<String, Object> tls = (Map<String, Object>) traffic.getOrDefault("tls", Map.of());
            List<Subset> subsets = new ArrayList<>();
            for (Object s : (List<Object>) dr.getOrDefault("subsets", List.of())) {
                Map<String, Object> subset = (Map<String, Object>) s;
                subsets.add(new Subset(
                        String.valueOf(subset.get("name")),
                        String.valueOf(
                                ((Map<String, Object>) subset.getOrDefault("labels", Map.of())).get("version"))));
            }
            destination = new Destination(
                    number(((Map<String, Object>) pool.getOrDefault("tcp", Map.of())).get("maxConnections"), 1024),
                    number(
                            ((Map<String, Object>) pool.getOrDefault("http", Map.of())).get("http1MaxPendingRequests"),
                            1024),
                    number(outlier.get("consecutive5xxErrors"), 5),
                    parseDuration((String) outlier.get("baseEjectionTime"), Duration.ofSeconds(30)),
                    !"DISABLE".equals(tls.get("mode")),
                    subsets);
        }
        PeerAuthentication peer = null;
        if (resources.containsKey(Kind.PEER_AUTHENTICATION)) {
            Map<String, Object> pa = spec(resources.get(Kind.PEER_AUTHENTICATION));
            String mode = String.valueOf(
                    ((Map<String, Object>) pa.getOrDefault("mtls", Map.of("mode", "PERMISSIVE"))).get("mode"));
            // UNSET inherits the namespace's or mesh's mode, which is PERMISSIVE unless configured otherwise
            peer = new PeerAuthentication(MtlsMode.valueOf(mode.equals("UNSET") ? "PERMISSIVE" : mode));
        }
        Access access = null;
        if (resources.containsKey(Kind.AUTHORIZATION_POLICY)) {
            List<String> principals = new ArrayList<>();
            for (Object rule : (List<Object>)
                    spec(resources.get(Kind.AUTHORIZATION_POLICY)).getOrDefault("rules", List.of())) {
                for (Object from : (List<Object>) ((Map<String, Object>) rule).getOrDefault("from", List.of())) {
                    Map<String, Object> source =
                            (Map<String, Object>) ((Map<String, Object>) from).getOrDefault("source", Map.of());
                    principals.addAll((List<String>) source.getOrDefault("principals", List.of()));
                }
            }
            access = new Access(principals);
        }
        return new TrafficObjects(routing, destination, peer, access, note);
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

    private static Map<String, Object> resource(
            String group, Kind kind, String name, String namespace, String factoryId, Map<String, Object> spec) {
        return map(
                "apiVersion",
                group + "/" + VERSION,
                "kind",
                kind.label(),
                "metadata",
                map(
                        "name",
                        name,
                        "namespace",
                        namespace,
                        "labels",
                        map(
                                FactoryLabels.PART_OF,
                                "meshportal",
                                FactoryLabels.MANAGED_BY,
                                "meshportal",
                                FactoryLabels.FACTORY,
                                factoryId)),
                "spec",
                spec);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("metadata", new LinkedHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> resource) {
        return resource == null ? Map.of() : (Map<String, Object>) resource.getOrDefault("spec", Map.of());
    }

    /** The route without a match (the weighted split); the first route when every route matches something. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> splitRoute(List<Object> list) {
        if (list == null || list.isEmpty()) {
            return Map.of();
        }
        for (Object route : list) {
            if (!((Map<String, Object>) route).containsKey("match")) {
                return (Map<String, Object>) route;
            }
        }
        return (Map<String, Object>) list.getFirst();
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
