package io.meshportal.fleet.kubernetes;

import static io.meshportal.fleet.kubernetes.IstioWire.NETWORKING;
import static io.meshportal.fleet.kubernetes.IstioWire.NOTE;
import static io.meshportal.fleet.kubernetes.IstioWire.duration;
import static io.meshportal.fleet.kubernetes.IstioWire.map;
import static io.meshportal.fleet.kubernetes.IstioWire.metadata;
import static io.meshportal.fleet.kubernetes.IstioWire.number;
import static io.meshportal.fleet.kubernetes.IstioWire.parseDuration;
import static io.meshportal.fleet.kubernetes.IstioWire.resource;
import static io.meshportal.fleet.kubernetes.IstioWire.spec;

import io.meshportal.fleet.TrafficObjects;
import io.meshportal.fleet.TrafficObjects.Destination;
import io.meshportal.fleet.TrafficObjects.Kind;
import io.meshportal.fleet.TrafficObjects.Retries;
import io.meshportal.fleet.TrafficObjects.Routing;
import io.meshportal.fleet.TrafficObjects.Subset;
import io.meshportal.fleet.TrafficObjects.WeightedSubset;
import io.meshportal.fleet.Versions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Istio's traffic management wire format (networking.istio.io: VirtualService and DestinationRule) for
 * {@link IstioWire}, both ways. The two belong together: the VirtualService routes to the DestinationRule's
 * subsets, one header-matched route per version. Fields as in istio.io/latest/docs/reference/config/networking/.
 */
final class IstioRoutingWire {

    private IstioRoutingWire() {}

    /** The VirtualService of {@code o}'s routing, with a route per version of its destination and its note. */
    static Map<String, Object> virtualService(String factoryId, String namespace, String host, TrafficObjects o) {
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
                FactoryResources.name(factoryId),
                namespace,
                factoryId,
                map("hosts", List.of(host), "http", http));
        if (o.note() != null) {
            metadata(vs).put("annotations", map(NOTE, o.note()));
        }
        return vs;
    }

    /** The DestinationRule: connection pool, outlier detection, mTLS and a subset per version. */
    static Map<String, Object> destinationRule(String factoryId, String namespace, String host, Destination d) {
        List<Object> subsets = new ArrayList<>();
        for (Subset s : d.subsets()) {
            subsets.add(map("name", s.name(), "labels", map("version", s.version())));
        }
        return resource(
                NETWORKING,
                Kind.DESTINATION_RULE,
                FactoryResources.name(factoryId),
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
                                                        map("http1MaxPendingRequests", d.maxPendingRequests())),
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
                        "subsets", subsets));
    }

    /** The routing of a VirtualService: its weighted split's routes, timeout and retries; Istio's defaults for gaps. */
    @SuppressWarnings("unchecked")
    static Routing routingOf(Map<String, Object> virtualService) {
        Map<String, Object> vs = spec(virtualService);
        Map<String, Object> http = splitRoute((List<Object>) vs.get("http"));
        Map<String, Object> retries = (Map<String, Object>) http.getOrDefault("retries", Map.of());
        List<WeightedSubset> routes = new ArrayList<>();
        for (Object r : (List<Object>) http.getOrDefault("route", List.of())) {
            Map<String, Object> route = (Map<String, Object>) r;
            Object subset = ((Map<String, Object>) route.getOrDefault("destination", Map.of())).get("subset");
            routes.add(new WeightedSubset(String.valueOf(subset), number(route.get("weight"), 100)));
        }
        return new Routing(
                parseDuration((String) http.get("timeout"), Duration.ofSeconds(15)),
                new Retries(
                        number(retries.get("attempts"), 0),
                        parseDuration((String) retries.get("perTryTimeout"), null),
                        (String) retries.get("retryOn")),
                routes);
    }

    /** The portal's note on a VirtualService; null when it carries none. */
    @SuppressWarnings("unchecked")
    static String noteOf(Map<String, Object> virtualService) {
        Map<String, Object> annotations =
                (Map<String, Object>) metadata(virtualService).get("annotations");
        return annotations == null || annotations.get(NOTE) == null ? null : String.valueOf(annotations.get(NOTE));
    }

    /** The destination policy of a DestinationRule; Istio's defaults for missing fields. */
    @SuppressWarnings("unchecked")
    static Destination destinationOf(Map<String, Object> destinationRule) {
        Map<String, Object> dr = spec(destinationRule);
        Map<String, Object> traffic = (Map<String, Object>) dr.getOrDefault("trafficPolicy", Map.of());
        Map<String, Object> pool = (Map<String, Object>) traffic.getOrDefault("connectionPool", Map.of());
        Map<String, Object> outlier = (Map<String, Object>) traffic.getOrDefault("outlierDetection", Map.of());
        Map<String, Object> tls = (Map<String, Object>) traffic.getOrDefault("tls", Map.of());
        List<Subset> subsets = new ArrayList<>();
        for (Object s : (List<Object>) dr.getOrDefault("subsets", List.of())) {
            Map<String, Object> subset = (Map<String, Object>) s;
            subsets.add(new Subset(
                    String.valueOf(subset.get("name")),
                    String.valueOf(((Map<String, Object>) subset.getOrDefault("labels", Map.of())).get("version"))));
        }
        return new Destination(
                number(((Map<String, Object>) pool.getOrDefault("tcp", Map.of())).get("maxConnections"), 1024),
                number(
                        ((Map<String, Object>) pool.getOrDefault("http", Map.of())).get("http1MaxPendingRequests"),
                        1024),
                number(outlier.get("consecutive5xxErrors"), 5),
                parseDuration((String) outlier.get("baseEjectionTime"), Duration.ofSeconds(30)),
                !"DISABLE".equals(tls.get("mode")),
                subsets);
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
}
