package io.meshportal.mesh;

import io.meshportal.fleet.MtlsMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Traffic policy of one factory, in the words of the portal: request timeout, retries, circuit breaking,
 * canary split between two versions, mTLS mode and which workloads may call the factory API. Mapped to and from
 * Istio v1 resources by {@link IstioMapping}.
 *
 * @param retryAttempts      0: no retries
 * @param canaryWeight       percent of requests to the canary version; 0: no canary
 * @param allowedPrincipals  SPIFFE principals (cluster.local/ns/NS/sa/SA) allowed to call; empty: no access policy
 */
public record MeshPolicy(
        Duration timeout,
        int retryAttempts,
        Duration perTryTimeout,
        String retryOn,
        int maxConnections,
        int maxPendingRequests,
        int consecutive5xxErrors,
        Duration baseEjectionTime,
        String stableVersion,
        String canaryVersion,
        int stableWeight,
        int canaryWeight,
        MtlsMode mtls,
        List<String> allowedPrincipals) {

    public static final Set<String> RETRY_ON = Set.of(
            "5xx",
            "gateway-error",
            "reset",
            "connect-failure",
            "retriable-4xx",
            "refused-stream",
            "retriable-status-codes");
    static final Pattern PRINCIPAL = Pattern.compile("[a-z0-9.-]+/ns/[a-z0-9-]{1,63}/sa/[a-z0-9-]{1,253}");
    static final Pattern VERSION = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?");

    public MeshPolicy {
        allowedPrincipals = allowedPrincipals == null ? List.of() : List.copyOf(allowedPrincipals);
    }

    /** Sensible defaults: what the portal proposes for a factory that has no policy yet. */
    public static MeshPolicy defaults() {
        return new MeshPolicy(
                Duration.ofSeconds(2),
                2,
                Duration.ofMillis(800),
                "5xx,connect-failure,reset",
                100,
                100,
                5,
                Duration.ofSeconds(30),
                "v1",
                "v2",
                100,
                0,
                MtlsMode.STRICT,
                List.of("cluster.local/ns/meshportal/sa/meshportal"));
    }

    /** The same policy routing every request to {@code version} (a factory that runs another first version). */
    public MeshPolicy withStableVersion(String version) {
        return new MeshPolicy(
                timeout,
                retryAttempts,
                perTryTimeout,
                retryOn,
                maxConnections,
                maxPendingRequests,
                consecutive5xxErrors,
                baseEjectionTime,
                version,
                canaryVersion,
                stableWeight,
                canaryWeight,
                mtls,
                allowedPrincipals);
    }

    /** The mesh objects the portal applies for this policy, with its record of the policy (for drift). */
    public io.meshportal.fleet.TrafficObjects objects() {
        return TrafficMapping.toObjects(this, TrafficMapping.note(this));
    }

    /** Field name → message; empty when valid. */
    public Map<String, String> problems() {
        Map<String, String> p = new LinkedHashMap<>();
        if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            p.put("timeout", "From 1 ms to 5 minutes");
        }
        if (retryAttempts < 0 || retryAttempts > 10) {
            p.put("retryAttempts", "0 to 10 attempts");
        }
        if (retryAttempts > 0) {
            if (perTryTimeout == null || perTryTimeout.toMillis() < 1) {
                p.put("perTryTimeout", "A per-try timeout of at least 1 ms");
            } else if (timeout != null && perTryTimeout.compareTo(timeout) > 0) {
                p.put("perTryTimeout", "Not longer than the request timeout");
            }
            if (retryOn == null
                    || retryOn.isBlank()
                    || !List.of(retryOn.split(",")).stream().map(String::trim).allMatch(RETRY_ON::contains)) {
                p.put(
                        "retryOn",
                        "Comma-separated, from: "
                                + String.join(", ", RETRY_ON.stream().sorted().toList()));
            }
        }
        if (maxConnections < 1 || maxConnections > 100_000) {
            p.put("maxConnections", "1 to 100,000");
        }
        if (maxPendingRequests < 1 || maxPendingRequests > 100_000) {
            p.put("maxPendingRequests", "1 to 100,000");
        }
        if (consecutive5xxErrors < 1 || consecutive5xxErrors > 1000) {
            p.put("consecutive5xxErrors", "1 to 1,000");
        }
        if (baseEjectionTime == null || baseEjectionTime.toSeconds() < 1 || baseEjectionTime.toHours() > 1) {
            p.put("baseEjectionTime", "From 1 second to 1 hour");
        }
        if (stableVersion == null || !VERSION.matcher(stableVersion).matches()) {
            p.put("stableVersion", "A version label like v1");
        }
        if (canaryWeight > 0
                && (canaryVersion == null
                        || !VERSION.matcher(canaryVersion).matches()
                        || canaryVersion.equals(stableVersion))) {
            p.put("canaryVersion", "A version label different from the stable one, like v2");
        }
        if (stableWeight < 0 || canaryWeight < 0 || stableWeight + canaryWeight != 100) {
            p.put("canaryWeight", "Weights from 0 to 100 that add up to 100");
        }
        if (mtls == null) {
            p.put("mtls", "Choose an mTLS mode");
        } else if (mtls == MtlsMode.DISABLE) {
            // Callers are identified only over mutual TLS. With it disabled the factory sees no principal, so
            // the allowed callers here and the namespace's factory access policy (only the portal may call)
            // would refuse every call, the portal's own polls included (403).
            p.put(
                    "mtls",
                    "mTLS cannot be disabled: access to factories is limited to known callers, and callers"
                            + " are known only over mutual TLS. Use PERMISSIVE to also accept plain-text connections.");
        }
        for (String principal : allowedPrincipals) {
            if (principal == null || !PRINCIPAL.matcher(principal).matches()) {
                p.put("allowedPrincipals", "Principals look like cluster.local/ns/meshportal/sa/meshportal");
                break;
            }
        }
        return p;
    }
}
