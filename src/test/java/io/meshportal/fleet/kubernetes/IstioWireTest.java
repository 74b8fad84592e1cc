package io.meshportal.fleet.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The Istio wire format of the traffic port: typed objects ↔ Istio v1 resources, checked strictly. */
class IstioWireTest {

    static final String HOST = "factory-lyon-1.factories.svc.cluster.local";

    /** A 90/10 canary with retries, circuit breaking, STRICT mTLS and an access rule. */
    static TrafficObjects canary() {
        return new TrafficObjects(
                new Routing(
                        Duration.ofSeconds(3),
                        new Retries(3, Duration.ofMillis(900), "5xx,reset"),
                        List.of(new WeightedSubset("stable", 90), new WeightedSubset("canary", 10))),
                new Destination(
                        50,
                        20,
                        7,
                        Duration.ofSeconds(45),
                        true,
                        List.of(new Subset("stable", "v1"), new Subset("canary", "v2"))),
                new PeerAuthentication(MtlsMode.STRICT),
                new Access(List.of("cluster.local/ns/meshportal/sa/meshportal")),
                "{\"note\":true}");
    }

    @Test
    void objectsToIstioAndBackAreLossless() {
        TrafficObjects plain = new TrafficObjects(
                new Routing(
                        Duration.ofMillis(1500),
                        new Retries(0, null, null),
                        List.of(new WeightedSubset("stable", 100))),
                new Destination(10, 10, 3, Duration.ofSeconds(5), false, List.of(new Subset("stable", "v3"))),
                new PeerAuthentication(MtlsMode.DISABLE),
                null,
                null);
        for (TrafficObjects o : List.of(canary(), plain, TrafficObjects.NONE)) {
            var resources = IstioWire.toResources("lyon-1", "factories", HOST, o);
            assertThat(resources.keySet()).isEqualTo(o.kinds());
            assertThat(IstioWire.fromResources(resources)).isEqualTo(o);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void resourcesAreWhatIstioExpects() {
        var r = IstioWire.toResources("lyon-1", "factories", HOST, canary());
        assertThat(r).containsOnlyKeys(Kind.values());
        r.values().forEach(IstioStrict::check);
        List<Map<String, Object>> routes = (List<Map<String, Object>>)
                ((Map<String, Object>) r.get(Kind.VIRTUAL_SERVICE).get("spec")).get("http");
        // first a header-matched route per version (first match wins), then the weighted split without a match
        assertThat(routes).hasSize(3);
        for (int i = 0; i < 2; i++) {
            Map<String, Object> pinned = routes.get(i);
            Map<String, Object> match = ((List<Map<String, Object>>) pinned.get("match")).getFirst();
            String version = ((Map<String, Map<String, String>>) match.get("headers"))
                    .get("x-meshportal-version")
                    .get("exact");
            assertThat(pinned).containsEntry("name", "version-" + version).containsEntry("timeout", "3s");
            assertThat((List<Map<String, Object>>) pinned.get("route"))
                    .singleElement()
                    .satisfies(d -> assertThat(d).doesNotContainKey("weight"));
        }
        Map<String, Object> http = routes.getLast();
        assertThat(http).doesNotContainKey("match").containsEntry("timeout", "3s");
        assertThat((Map<String, Object>) http.get("retries"))
                .containsEntry("perTryTimeout", "900ms")
                .containsEntry("attempts", 3);
        assertThat((List<Map<String, Object>>) http.get("route"))
                .extracting(x -> x.get("weight"))
                .containsExactly(90, 10);
        assertThat(r.get(Kind.VIRTUAL_SERVICE))
                .containsEntry("apiVersion", "networking.istio.io/v1")
                .containsEntry("kind", "VirtualService");
        assertThat(r.get(Kind.PEER_AUTHENTICATION)).containsEntry("apiVersion", "security.istio.io/v1");
        assertThat(IstioWire.metadata(r.get(Kind.VIRTUAL_SERVICE)))
                .containsEntry("annotations", Map.of(IstioWire.NOTE, "{\"note\":true}"));
    }

    @Test
    void fieldsMissingFromHandMadeResourcesTakeIstiosDefaults() {
        Map<String, Object> bare = new Yaml()
                .load(
                        """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: factory-lyon-1}
                spec: {hosts: [x], http: [{route: [{destination: {host: x}}]}]}
                """);
        TrafficObjects read = IstioWire.fromResources(Map.of(Kind.VIRTUAL_SERVICE, bare));
        assertThat(read.routing().timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(read.routing().retries().attempts()).isZero();
        assertThat(read.routing().routes())
                .singleElement()
                .extracting(WeightedSubset::weight)
                .isEqualTo(100);
        assertThat(read.note()).isNull();
        assertThat(read.kinds()).containsExactly(Kind.VIRTUAL_SERVICE);
    }

    @Test
    void theStrictCheckCatchesTyposAndBadEnums() {
        Map<String, Object> typo = new Yaml()
                .load(
                        """
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: x}
                spec: {mtls: {mode: STRICT}, selectr: {matchLabels: {a: b}}}
                """);
        assertThatThrownBy(() -> IstioStrict.check(typo)).hasMessageContaining("selectr");
        Map<String, Object> badEnum = new Yaml()
                .load(
                        """
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
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
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
