package io.meshportal.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.fleet.MtlsMode;
import io.meshportal.fleet.TrafficObjects;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Traffic policy as the portal speaks it ↔ the typed objects of the traffic port. */
class TrafficMappingTest {

    static MeshPolicy canary() {
        return new MeshPolicy(
                Duration.ofSeconds(3),
                3,
                Duration.ofMillis(900),
                "5xx,reset",
                50,
                20,
                7,
                Duration.ofSeconds(45),
                "v1",
                "v2",
                90,
                10,
                MtlsMode.STRICT,
                List.of("cluster.local/ns/meshportal/sa/meshportal"));
    }

    @Test
    void policyToObjectsAndBackIsLossless() {
        for (MeshPolicy p : List.of(
                canary(),
                MeshPolicy.defaults(),
                new MeshPolicy(
                        Duration.ofMillis(1500),
                        0,
                        null,
                        null,
                        10,
                        10,
                        3,
                        Duration.ofSeconds(5),
                        "v3",
                        "v4",
                        100,
                        0,
                        MtlsMode.PERMISSIVE,
                        List.of()))) {
            TrafficObjects objects = TrafficMapping.toObjects(p, "note");
            MeshPolicy back = TrafficMapping.fromObjects(objects);
            assertThat(objects.note()).isEqualTo("note");
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
    void aPolicyBecomesTheObjectsIstioNeeds() {
        TrafficObjects o = TrafficMapping.toObjects(canary(), null);
        assertThat(o.kinds()).containsExactlyInAnyOrder(TrafficObjects.Kind.values());
        assertThat(o.routing().routes())
                .extracting(TrafficObjects.WeightedSubset::weight)
                .containsExactly(90, 10);
        assertThat(o.destination().subsets())
                .extracting(TrafficObjects.Subset::version)
                .containsExactly("v1", "v2");
        assertThat(o.destination().mutualTls()).isTrue();
        TrafficObjects noAccess = TrafficMapping.toObjects(
                new MeshPolicy(
                        Duration.ofSeconds(1),
                        0,
                        null,
                        null,
                        1,
                        1,
                        1,
                        Duration.ofSeconds(1),
                        "v1",
                        null,
                        100,
                        0,
                        MtlsMode.DISABLE,
                        List.of()),
                null);
        assertThat(noAccess.access()).isNull();
        assertThat(noAccess.kinds()).doesNotContain(TrafficObjects.Kind.AUTHORIZATION_POLICY);
        assertThat(noAccess.destination().mutualTls()).isFalse();
        assertThat(noAccess.routing().routes()).hasSize(1);
    }

    @Test
    void missingObjectsReadAsWhatTheMeshDoesWithoutThem() {
        MeshPolicy none = TrafficMapping.fromObjects(TrafficObjects.NONE);
        assertThat(none.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(none.retryAttempts()).isZero();
        assertThat(none.mtls()).isEqualTo(MtlsMode.PERMISSIVE);
        assertThat(none.allowedPrincipals()).isEmpty();
        assertThat(none.stableWeight()).isEqualTo(100);
    }

    @Test
    void validationSaysWhatIsWrongPerField() {
        var bad = new MeshPolicy(
                Duration.ZERO,
                11,
                Duration.ofSeconds(9),
                "5xx,sometimes",
                0,
                0,
                0,
                Duration.ZERO,
                "V 1",
                "v1",
                60,
                50,
                null,
                List.of("everyone"));
        assertThat(bad.problems())
                .containsKeys(
                        "timeout",
                        "retryAttempts",
                        "retryOn",
                        "maxConnections",
                        "maxPendingRequests",
                        "consecutive5xxErrors",
                        "baseEjectionTime",
                        "stableVersion",
                        "canaryWeight",
                        "mtls",
                        "allowedPrincipals");
        var tooLongPerTry = new MeshPolicy(
                Duration.ofSeconds(1),
                2,
                Duration.ofSeconds(2),
                "5xx",
                1,
                1,
                1,
                Duration.ofSeconds(1),
                "v1",
                "v1",
                50,
                50,
                MtlsMode.STRICT,
                List.of());
        assertThat(tooLongPerTry.problems()).containsOnlyKeys("perTryTimeout", "canaryVersion");
        assertThat(canary().problems()).isEmpty();
        // without mutual TLS a factory sees no caller identity: access by principal would refuse everyone
        var disabled = new MeshPolicy(
                Duration.ofSeconds(1),
                0,
                null,
                null,
                1,
                1,
                1,
                Duration.ofSeconds(1),
                "v1",
                null,
                100,
                0,
                MtlsMode.DISABLE,
                List.of());
        assertThat(disabled.problems()).containsOnlyKeys("mtls");
        assertThat(disabled.problems().get("mtls")).contains("PERMISSIVE");
    }
}
