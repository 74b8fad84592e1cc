package io.meshportal.fleet.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a multi-cluster Istio mesh (primary-remote, multi-network) must keep, checked over every object that
 * would be in its clusters. Each rule names the Istio or Kubernetes document or source it encodes. A violation is
 * one line: "rule: what is wrong".
 */
final class MeshSemantics {

    /**
     * Kubernetes label values: 63 characters at most, alphanumerics with '-', '_', '.' inside (k8s.io/apimachinery
     * pkg/util/validation/validation.go, IsValidLabelValue).
     */
    static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

    private static final Pattern LABEL = Pattern.compile(LABEL_VALUE);
    /** Istio's configuration kinds: istiod reads these only from its config cluster. */
    static final Set<String> CONFIG_KINDS = Set.of(
            "VirtualService",
            "DestinationRule",
            "PeerAuthentication",
            "AuthorizationPolicy",
            "Gateway",
            "ServiceEntry",
            "Sidecar",
            "EnvoyFilter",
            "RequestAuthentication");
    /** Services Istio itself installs (istioctl), which routes may name. */
    static final Set<String> ISTIO_SERVICES = Set.of("istiod.istio-system.svc.cluster.local");

    /** Everything that would be in the mesh: objects by cluster, and which cluster is the config cluster. */
    record Mesh(String configCluster, Map<String, List<Map<String, Object>>> clusters) {}

    private MeshSemantics() {}

    static List<String> violations(Mesh mesh) {
        List<String> v = new ArrayList<>();
        configOnlyInTheConfigCluster(mesh, v);
        destinationsAreConcreteServices(mesh, v);
        subsetsAreDefinedAndSelectPods(mesh, v);
        mutualTlsCarriesThePrincipalsAccessNeeds(mesh, v);
        labelValuesAreValid(mesh, v);
        return v;
    }

    /**
     * In primary-remote istiod reads configuration from the config cluster only; the remotes contribute endpoints
     * (istio.io/latest/docs/setup/install/multicluster/primary-remote_multi-network/; istio.io/latest/docs/ops/
     * deployment/deployment-models/#control-plane-models: "a remote cluster ... configuration is from the primary").
     */
    static void configOnlyInTheConfigCluster(Mesh mesh, List<String> v) {
        mesh.clusters().forEach((cluster, objects) -> {
            if (!cluster.equals(mesh.configCluster())) {
                for (Map<String, Object> o : objects) {
                    if (CONFIG_KINDS.contains(o.get("kind"))) {
                        v.add("config-in-config-cluster: " + id(o) + " is in " + cluster
                                + ", which istiod does not read");
                    }
                }
            }
        });
    }

    /**
     * Envoy names an outbound cluster by the route's literal destination host (pilot/pkg/networking/core/
     * cluster_builder.go, "outbound|port|subset|host"); a wildcard host matches none, so every such request gets
     * 503. A destination must therefore be a concrete Service that exists in some cluster of the mesh.
     */
    @SuppressWarnings("unchecked")
    static void destinationsAreConcreteServices(Mesh mesh, List<String> v) {
        Set<String> services = new java.util.HashSet<>(ISTIO_SERVICES);
        all(mesh).stream().filter(o -> "Service".equals(o.get("kind"))).forEach(s -> services.add(fqdn(s)));
        for (Map<String, Object> vs : ofKind(mesh, "VirtualService")) {
            for (String host : destinationHosts(vs)) {
                String full = host.contains(".") ? host : host + "." + namespace(vs) + ".svc.cluster.local";
                if (host.contains("*")) {
                    v.add("concrete-destination: " + id(vs) + " routes to wildcard host " + host);
                } else if (!services.contains(full)) {
                    v.add("concrete-destination: " + id(vs) + " routes to " + full
                            + ", which is no Service in the mesh");
                }
            }
        }
    }

    /**
     * A route's subset must be defined by a DestinationRule for its host in the config cluster, and a subset's
     * labels select the pods of that host's Service (istio.io/latest/docs/reference/config/networking/
     * destination-rule/#Subset): a subset that selects no pod answers 503.
     */
    @SuppressWarnings("unchecked")
    static void subsetsAreDefinedAndSelectPods(Mesh mesh, List<String> v) {
        List<Map<String, Object>> rules = mesh.clusters().getOrDefault(mesh.configCluster(), List.of()).stream()
                .filter(o -> "DestinationRule".equals(o.get("kind")))
                .toList();
        for (Map<String, Object> vs : ofKind(mesh, "VirtualService")) {
            for (Map<String, Object> destination : destinations(vs)) {
                String subset = (String) destination.get("subset");
                if (subset == null) {
                    continue;
                }
                String host = (String) destination.get("host");
                Map<String, String> labels = null;
                for (Map<String, Object> dr : rules) {
                    if (host.equals(spec(dr).get("host"))) {
                        for (Map<String, Object> s :
                                (List<Map<String, Object>>) spec(dr).getOrDefault("subsets", List.of())) {
                            if (subset.equals(s.get("name"))) {
                                labels = (Map<String, String>) s.getOrDefault("labels", Map.of());
                            }
                        }
                    }
                }
                if (labels == null) {
                    v.add("subset-defined: " + id(vs) + " routes to subset " + subset + " of " + host
                            + ", which no DestinationRule in the config cluster defines");
                } else if (!selectsAPod(mesh, host, labels)) {
                    v.add("subset-selects-pods: subset " + subset + " of " + host + " selects " + labels
                            + ", which no pod template behind that Service carries");
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean selectsAPod(Mesh mesh, String host, Map<String, String> subsetLabels) {
        for (List<Map<String, Object>> objects : mesh.clusters().values()) {
            for (Map<String, Object> service : objects) {
                if (!"Service".equals(service.get("kind")) || !host.equals(fqdn(service))) {
                    continue;
                }
                Map<String, String> selector =
                        (Map<String, String>) spec(service).getOrDefault("selector", Map.of());
                for (Map<String, Object> d : objects) {
                    if ("Deployment".equals(d.get("kind")) && Objects.equals(namespace(d), namespace(service))) {
                        Map<String, String> pod = templateLabels(d);
                        if (pod.entrySet().containsAll(selector.entrySet())
                                && pod.entrySet().containsAll(subsetLabels.entrySet())) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /**
     * Source principals exist only over mutual TLS (istio.io/latest/docs/reference/config/security/
     * authorization-policy/#Source: "principals ... requires mTLS enabled"). A workload whose PeerAuthentication
     * disables mTLS and that an ALLOW policy limits to principals refuses every caller with 403.
     */
    @SuppressWarnings("unchecked")
    static void mutualTlsCarriesThePrincipalsAccessNeeds(Mesh mesh, List<String> v) {
        List<Map<String, Object>> config = mesh.clusters().getOrDefault(mesh.configCluster(), List.of());
        for (Map<String, Object> pa : config) {
            if (!"PeerAuthentication".equals(pa.get("kind"))
                    || !"DISABLE".equals(((Map<String, Object>) spec(pa).getOrDefault("mtls", Map.of())).get("mode"))) {
                continue;
            }
            Map<String, String> selected = matchLabels(spec(pa));
            for (Map<String, Object> ap : config) {
                if ("AuthorizationPolicy".equals(ap.get("kind"))
                        && Objects.equals(namespace(ap), namespace(pa))
                        && requiresPrincipals(ap)
                        && overlaps(selected, matchLabels(spec(ap)), mesh, namespace(pa))) {
                    v.add("mtls-for-principals: " + id(pa) + " disables mTLS where " + id(ap)
                            + " allows only principals: every call would be refused");
                }
            }
        }
    }

    /** Whether some pod template in the namespace carries both label sets (an empty selector selects all). */
    private static boolean overlaps(Map<String, String> a, Map<String, String> b, Mesh mesh, String namespace) {
        for (Map<String, Object> d : all(mesh)) {
            if ("Deployment".equals(d.get("kind")) && Objects.equals(namespace(d), namespace)) {
                Map<String, String> pod = templateLabels(d);
                if (pod.entrySet().containsAll(a.entrySet()) && pod.entrySet().containsAll(b.entrySet())) {
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static boolean requiresPrincipals(Map<String, Object> ap) {
        if (!"ALLOW".equals(spec(ap).getOrDefault("action", "ALLOW"))) {
            return false;
        }
        for (Map<String, Object> rule : (List<Map<String, Object>>) spec(ap).getOrDefault("rules", List.of())) {
            for (Map<String, Object> from : (List<Map<String, Object>>) rule.getOrDefault("from", List.of())) {
                if (((Map<String, Object>) from.getOrDefault("source", Map.of())).containsKey("principals")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every label value on every object and pod template is one the API server accepts. */
    static void labelValuesAreValid(Mesh mesh, List<String> v) {
        for (Map<String, Object> o : all(mesh)) {
            List<Map<String, String>> sets = new ArrayList<>(List.of(labels(o)));
            if ("Deployment".equals(o.get("kind"))) {
                sets.add(templateLabels(o));
            }
            for (Map<String, String> set : sets) {
                set.forEach((key, value) -> {
                    if (value == null
                            || value.length() > 63
                            || !LABEL.matcher(value).matches()) {
                        v.add("label-value: " + id(o) + " has label " + key + "=" + value);
                    }
                });
            }
        }
    }

    /**
     * The install of a primary with remotes on several networks (istio.io/latest/docs/setup/install/multicluster/
     * primary-remote_multi-network/ and samples/multicluster/gen-eastwest-gateway.sh in istio/istio):
     * <ul>
     *   <li>the primary sets {@code values.global.externalIstiod: true}, or istiod never serves the remotes (no
     *       injection webhook CA bundle, no istio-ca-root-cert there: no sidecar or gateway starts);
     *   <li>DNS proxying ({@code ISTIO_META_DNS_CAPTURE}, {@code ISTIO_META_DNS_AUTO_ALLOCATE}) so a Service that
     *       exists only in another cluster resolves (istio.io/latest/docs/ops/configuration/traffic-management/
     *       dns-proxy/);
     *   <li>the east-west gateway carries {@code topology.istio.io/network} (istiod finds a network's gateway by
     *       that label on its Service), {@code ISTIO_META_REQUESTED_NETWORK_VIEW} and router mode sni-dnat.
     * </ul>
     */
    @SuppressWarnings("unchecked")
    static List<String> installViolations(
            Map<String, Object> primary, Map<String, Object> eastwest, String network, int remotes) {
        List<String> v = new ArrayList<>();
        Map<String, Object> spec = spec(primary);
        Map<String, Object> global = (Map<String, Object>)
                ((Map<String, Object>) spec.getOrDefault("values", Map.of())).getOrDefault("global", Map.of());
        if (remotes > 0 && !Boolean.TRUE.equals(global.get("externalIstiod"))) {
            v.add("external-istiod: a primary with remotes must set values.global.externalIstiod: true");
        }
        Map<String, Object> proxyMetadata = (Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) spec.getOrDefault("meshConfig", Map.of()))
                                .getOrDefault("defaultConfig", Map.of()))
                        .getOrDefault("proxyMetadata", Map.of());
        for (String key : List.of("ISTIO_META_DNS_CAPTURE", "ISTIO_META_DNS_AUTO_ALLOCATE")) {
            if (!"true".equals(proxyMetadata.get(key))) {
                v.add("dns-proxy: meshConfig.defaultConfig.proxyMetadata." + key + " must be \"true\"");
            }
        }
        List<Map<String, Object>> gateways = (List<Map<String, Object>>)
                ((Map<String, Object>) spec(eastwest).getOrDefault("components", Map.of()))
                        .getOrDefault("ingressGateways", List.of());
        Map<String, Object> gateway = gateways.stream()
                .filter(g -> "istio-eastwestgateway".equals(g.get("name")))
                .findFirst()
                .orElse(null);
        if (gateway == null) {
            v.add("east-west-gateway: no istio-eastwestgateway");
            return v;
        }
        Map<String, Object> label = (Map<String, Object>) gateway.getOrDefault("label", Map.of());
        if (!network.equals(label.get("topology.istio.io/network"))) {
            v.add("gateway-network-label: the east-west gateway must carry topology.istio.io/network=" + network);
        }
        Map<String, Object> env = new LinkedHashMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>)
                ((Map<String, Object>) gateway.getOrDefault("k8s", Map.of())).getOrDefault("env", List.of())) {
            env.put(String.valueOf(e.get("name")), e.get("value"));
        }
        if (!network.equals(env.get("ISTIO_META_REQUESTED_NETWORK_VIEW"))) {
            v.add("gateway-network-view: ISTIO_META_REQUESTED_NETWORK_VIEW must be " + network);
        }
        if (!"sni-dnat".equals(env.get("ISTIO_META_ROUTER_MODE"))) {
            v.add("gateway-router-mode: ISTIO_META_ROUTER_MODE must be sni-dnat (AUTO_PASSTHROUGH needs it)");
        }
        return v;
    }

    // ---- reading objects -------------------------------------------------------------------------------------

    static List<Map<String, Object>> all(Mesh mesh) {
        return mesh.clusters().values().stream().flatMap(List::stream).toList();
    }

    static List<Map<String, Object>> ofKind(Mesh mesh, String kind) {
        return all(mesh).stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> destinations(Map<String, Object> vs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String protocol : List.of("http", "tls", "tcp")) {
            for (Map<String, Object> route : (List<Map<String, Object>>) spec(vs).getOrDefault(protocol, List.of())) {
                for (Map<String, Object> r : (List<Map<String, Object>>) route.getOrDefault("route", List.of())) {
                    out.add((Map<String, Object>) r.getOrDefault("destination", Map.of()));
                }
            }
        }
        return out;
    }

    static List<String> destinationHosts(Map<String, Object> vs) {
        return destinations(vs).stream().map(d -> String.valueOf(d.get("host"))).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(Map<String, Object> o) {
        return (Map<String, Object>) o.getOrDefault("spec", Map.of());
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> labels(Map<String, Object> o) {
        Map<String, Object> metadata = (Map<String, Object>) o.getOrDefault("metadata", Map.of());
        return new LinkedHashMap<>((Map<String, String>) metadata.getOrDefault("labels", Map.of()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> templateLabels(Map<String, Object> deployment) {
        Map<String, Object> template = (Map<String, Object>) spec(deployment).getOrDefault("template", Map.of());
        return labels(template);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> matchLabels(Map<String, Object> spec) {
        Map<String, Object> selector = (Map<String, Object>) spec.getOrDefault("selector", Map.of());
        return (Map<String, String>) selector.getOrDefault("matchLabels", Map.of());
    }

    @SuppressWarnings("unchecked")
    static String namespace(Map<String, Object> o) {
        Object ns = ((Map<String, Object>) o.getOrDefault("metadata", Map.of())).get("namespace");
        return ns == null ? "default" : String.valueOf(ns);
    }

    @SuppressWarnings("unchecked")
    static String name(Map<String, Object> o) {
        return String.valueOf(((Map<String, Object>) o.getOrDefault("metadata", Map.of())).get("name"));
    }

    static String fqdn(Map<String, Object> service) {
        return name(service) + "." + namespace(service) + ".svc.cluster.local";
    }

    static String id(Map<String, Object> o) {
        return o.get("kind") + " " + namespace(o) + "/" + name(o);
    }
}
