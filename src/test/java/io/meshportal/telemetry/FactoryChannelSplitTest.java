package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.meshportal.factory.Tuning;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Versions;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The shares a channel hands the counter follow the split's weights, each version once. */
class FactoryChannelSplitTest {

    static Versions.Release release(String name) {
        return new Versions.Release(name, null, Tuning.STANDARD, 1, 1);
    }

    final FactoryChannel channel = new FactoryChannel(
            new FactoryRef("gent-1", "Gent", "BE", "local", null, URI.create("http://127.0.0.1:9")),
            CircuitBreaker.ofDefaults("gent-1"),
            Bulkhead.ofDefaults("gent-1"),
            new History(10));

    @Test
    void eachVersionGetsItsWeightAsItsShare() {
        channel.split(new Versions(release("v1"), release("v9"), 30));
        assertThat(channel.readings())
                .extracting(VersionReading::version, VersionReading::share)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("v1", 0.7), org.assertj.core.groups.Tuple.tuple("v9", 0.3));
        channel.close();
    }

    @Test
    void whileAPromotionRelabelsTheStableDeploymentTheOneVersionRunsTheWholePlant() {
        // Kubernetes mid-promotion: the stable Deployment already carries the canary's version, the weight is 100
        channel.split(new Versions(release("v9"), release("v9"), 100));
        assertThat(channel.readings())
                .extracting(VersionReading::version, VersionReading::share)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v9", 1.0));
        channel.close();
    }
}
