package io.meshportal.fleet.kubernetes;

import static io.meshportal.fleet.kubernetes.IstioWire.SECURITY;
import static io.meshportal.fleet.kubernetes.IstioWire.map;
import static io.meshportal.fleet.kubernetes.IstioWire.resource;
import static io.meshportal.fleet.kubernetes.IstioWire.spec;

import io.meshportal.fleet.MtlsMode;
import io.meshportal.fleet.TrafficObjects.Access;
import io.meshportal.fleet.TrafficObjects.Kind;
import io.meshportal.fleet.TrafficObjects.PeerAuthentication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Istio's security wire format (security.istio.io: PeerAuthentication and AuthorizationPolicy) for
 * {@link IstioWire}, both ways: which mTLS mode a factory's pods accept and which principals may call them. Both
 * select the factory's pods by its label. Fields as in istio.io/latest/docs/reference/config/security/.
 */
final class IstioSecurityWire {

    private IstioSecurityWire() {}

    static Map<String, Object> peerAuthentication(String factoryId, String namespace, PeerAuthentication p) {
        return resource(
                SECURITY,
                Kind.PEER_AUTHENTICATION,
                FactoryResources.name(factoryId),
                namespace,
                factoryId,
                map(
                        "selector",
                        selector(factoryId),
                        "mtls",
                        map("mode", p.mode().name())));
    }

    /** An ALLOW policy: only the given principals reach the factory. */
    static Map<String, Object> authorizationPolicy(String factoryId, String namespace, Access access) {
        return resource(
                SECURITY,
                Kind.AUTHORIZATION_POLICY,
                FactoryResources.name(factoryId),
                namespace,
                factoryId,
                map(
                        "selector",
                        selector(factoryId),
                        "action",
                        "ALLOW",
                        "rules",
                        List.of(map("from", List.of(map("source", map("principals", access.principals())))))));
    }

    @SuppressWarnings("unchecked")
    static PeerAuthentication peerAuthenticationOf(Map<String, Object> resource) {
        Map<String, Object> pa = spec(resource);
        String mode = String.valueOf(
                ((Map<String, Object>) pa.getOrDefault("mtls", Map.of("mode", "PERMISSIVE"))).get("mode"));
        // UNSET inherits the namespace's or mesh's mode, which is PERMISSIVE unless configured otherwise
        return new PeerAuthentication(MtlsMode.valueOf(mode.equals("UNSET") ? "PERMISSIVE" : mode));
    }

    /** The principals of every rule's sources. */
    @SuppressWarnings("unchecked")
    static Access accessOf(Map<String, Object> resource) {
        List<String> principals = new ArrayList<>();
        for (Object rule : (List<Object>) spec(resource).getOrDefault("rules", List.of())) {
            for (Object from : (List<Object>) ((Map<String, Object>) rule).getOrDefault("from", List.of())) {
                Map<String, Object> source =
                        (Map<String, Object>) ((Map<String, Object>) from).getOrDefault("source", Map.of());
                principals.addAll((List<String>) source.getOrDefault("principals", List.of()));
            }
        }
        return new Access(principals);
    }

    private static Map<String, Object> selector(String factoryId) {
        return map("matchLabels", map(FactoryLabels.FACTORY, factoryId));
    }
}
