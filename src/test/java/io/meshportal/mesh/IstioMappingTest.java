package io.meshportal.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class IstioMappingTest {

    static final String HOST = "factory-lyon-1.factories.svc.cluster.local";

    static MeshPolicy canary() {
        return new MeshPolicy(Duration.ofSeconds(3), 3, Duration.ofMillis(900), "5xx,reset", 50, 20, 7,
                Duration.ofSeconds(45), "v1", "v2", 90, 10, MtlsMode.STRICT,
                List.of("cluster.local/ns/meshportal/sa/meshportal"));
    }

    @Test
    void policyToIstioAndBackIsLossless() {
        for (MeshPolicy p : List.of(canary(), MeshPolicy.defaults(),
                new MeshPolicy(Duration.ofMillis(1500), 0, null, null, 10, 10, 3, Duration.ofSeconds(5), "v3", "v4",
                        100, 0, MtlsMode.PERMISSIVE, List.of()))) {
            var resources = IstioMapping.toResources("lyon-1", "factories", HOST, p);
            MeshPolicy back = IstioMapping.fromResources(resources);
            assertThat(back.timeout()).isEqualTo(p.timeout());
            assertThat(back.retryAttempts()).isEqualTo(p.retryAttempts());
            assertThat(back.canaryWeight()).isEqualTo(p.canaryWeight());
            assertThat(back.stableWeight()).isEqualTo(p.stableWeight());
            assertThat(back.mtls()).isEqualTo(p.mtls());
            assertThat(back.allowedPrincipals()).isEqualTo(p.allowedPrincipals());
            assertThat(back.maxConnections()).isEqualTo(p.maxConnections());
            assertThat(back.baseEjectionTime()).isEqualTo(p.baseEjectionTime());
            if (p.retryAttempts() > 0) {
                assertThat(back).isEqualTo(p);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void resourcesAreWhatIstioExpects() {
        var r = IstioMapping.toResources("lyon-1", "factories", HOST, canary());
        assertThat(r).containsOnlyKeys("VirtualService", "DestinationRule", "PeerAuthentication", "AuthorizationPolicy");
        r.values().forEach(IstioStrict::check);
        Map<String, Object> http = ((List<Map<String, Object>>) ((Map<String, Object>) r.get("VirtualService").get("spec")).get("http")).getFirst();
        assertThat(http).containsEntry("timeout", "3s");
        assertThat((Map<String, Object>) http.get("retries")).containsEntry("perTryTimeout", "900ms").containsEntry("attempts", 3);
        assertThat((List<Map<String, Object>>) http.get("route")).extracting(x -> x.get("weight")).containsExactly(90, 10);
        assertThat(r.get("VirtualService")).containsEntry("apiVersion", "networking.istio.io/v1");
        assertThat(r.get("PeerAuthentication")).containsEntry("apiVersion", "security.istio.io/v1");
        assertThat(IstioMapping.toResources("lyon-1", "factories", HOST,
                new MeshPolicy(Duration.ofSeconds(1), 0, null, null, 1, 1, 1, Duration.ofSeconds(1), "v1", null, 100, 0,
                        MtlsMode.STRICT, List.of()))).doesNotContainKey("AuthorizationPolicy");
    }

    @Test
    void validationSaysWhatIsWrongPerField() {
        var bad = new MeshPolicy(Duration.ZERO, 11, Duration.ofSeconds(9), "5xx,sometimes", 0, 0, 0, Duration.ZERO,
                "V 1", "v1", 60, 50, null, List.of("everyone"));
        assertThat(bad.problems()).containsKeys("timeout", "retryAttempts", "retryOn", "maxConnections",
                "maxPendingRequests", "consecutive5xxErrors", "baseEjectionTime", "stableVersion", "canaryWeight", "mtls",
                "allowedPrincipals");
        var tooLongPerTry = new MeshPolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(2), "5xx", 1, 1, 1,
                Duration.ofSeconds(1), "v1", "v1", 50, 50, MtlsMode.STRICT, List.of());
        assertThat(tooLongPerTry.problems()).containsOnlyKeys("perTryTimeout", "canaryVersion");
        assertThat(canary().problems()).isEmpty();
    }

    @Test
    void theStrictCheckCatchesTyposAndBadEnums() {
        Map<String, Object> typo = new Yaml().load("""
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: x}
                spec: {mtls: {mode: STRICT}, selectr: {matchLabels: {a: b}}}
                """);
        assertThatThrownBy(() -> IstioStrict.check(typo)).hasMessageContaining("selectr");
        Map<String, Object> badEnum = new Yaml().load("""
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: x}
                spec: {mtls: {mode: STRIKT}}
                """);
        assertThatThrownBy(() -> IstioStrict.check(badEnum)).hasMessageContaining("STRIKT");
    }

    @Test
    void everyIstioResourceInTheRepoParsesStrictly() throws IOException {
        int checked = 0;
        try (Stream<Path> files = Files.walk(Path.of("istio"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) doc;
                    if ("IstioOperator".equals(m.get("kind"))) {
                        assertThat(m.get("apiVersion")).as(file.toString()).isEqualTo("install.istio.io/v1alpha1");
                        assertThat(m).as(file.toString()).containsKey("spec");
                        continue;
                    }
                    IstioStrict.check(m);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }
}
