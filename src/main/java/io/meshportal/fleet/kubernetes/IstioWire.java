package io.meshportal.fleet.kubernetes;

import io.meshportal.fleet.TrafficObjects;
import io.meshportal.fleet.TrafficObjects.Access;
import io.meshportal.fleet.TrafficObjects.Destination;
import io.meshportal.fleet.TrafficObjects.Kind;
import io.meshportal.fleet.TrafficObjects.PeerAuthentication;
import io.meshportal.fleet.TrafficObjects.Routing;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link TrafficObjects} ↔ Istio v1 resources (VirtualService, DestinationRule, PeerAuthentication,
 * AuthorizationPolicy) as JSON-shaped maps for client-java's custom-objects API. The wire format lives only here and
 * in the two classes this one composes, one per Istio API group: {@link IstioRoutingWire} (networking) and
 * {@link IstioSecurityWire} (security). This class holds what they share: the groups and version, the resource
 * envelope, Istio's durations. All four are named {@code factory-<id>} and labelled as the factory's; the portal's
 * note rides on the VirtualService as an annotation. Field names and enums as in
 * istio.io/latest/docs/reference/config/networking/ and .../security/.
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
        if (o.routing() != null) {
            out.put(Kind.VIRTUAL_SERVICE, IstioRoutingWire.virtualService(factoryId, namespace, host, o));
        }
        if (o.destination() != null) {
            out.put(
                    Kind.DESTINATION_RULE,
                    IstioRoutingWire.destinationRule(factoryId, namespace, host, o.destination()));
        }
        if (o.peerAuthentication() != null) {
            out.put(
                    Kind.PEER_AUTHENTICATION,
                    IstioSecurityWire.peerAuthentication(factoryId, namespace, o.peerAuthentication()));
        }
        if (o.access() != null) {
            out.put(Kind.AUTHORIZATION_POLICY, IstioSecurityWire.authorizationPolicy(factoryId, namespace, o.access()));
        }
        return out;
    }

    /** Reads objects back; fields missing from a present resource take Istio's defaults. */
    static TrafficObjects fromResources(Map<Kind, Map<String, Object>> resources) {
        Routing routing = null;
        String note = null;
        if (resources.containsKey(Kind.VIRTUAL_SERVICE)) {
            routing = IstioRoutingWire.routingOf(resources.get(Kind.VIRTUAL_SERVICE));
            note = IstioRoutingWire.noteOf(resources.get(Kind.VIRTUAL_SERVICE));
        }
        Destination destination = resources.containsKey(Kind.DESTINATION_RULE)
                ? IstioRoutingWire.destinationOf(resources.get(Kind.DESTINATION_RULE))
                : null;
        PeerAuthentication peer = resources.containsKey(Kind.PEER_AUTHENTICATION)
                ? IstioSecurityWire.peerAuthenticationOf(resources.get(Kind.PEER_AUTHENTICATION))
                : null;
        Access access = resources.containsKey(Kind.AUTHORIZATION_POLICY)
                ? IstioSecurityWire.accessOf(resources.get(Kind.AUTHORIZATION_POLICY))
                : null;
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

    /** A resource of the factory: apiVersion, kind, name, namespace, the portal's labels and {@code spec}. */
    static Map<String, Object> resource(
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
    static Map<String, Object> spec(Map<String, Object> resource) {
        return resource == null ? Map.of() : (Map<String, Object>) resource.getOrDefault("spec", Map.of());
    }

    static int number(Object value, int fallback) {
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
