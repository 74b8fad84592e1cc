package io.meshportal.telemetry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param interval         how often every factory is polled (and every UI updated)
 * @param timeout          a poll slower than this fails (connecting, sending and reading together)
 * @param slowThreshold    a successful poll slower than this marks the factory DEGRADED
 * @param historySize      samples kept per factory (3600 = one hour at 1 s)
 * @param maxBodyBytes     larger telemetry responses are rejected, not read
 * @param breakerOpenFor   how long an open circuit waits before a trial call
 * @param roundSlice       factories polled at the same moment: a larger fleet is polled in slices of about this
 *                         size spread evenly over the interval (as Prometheus spreads its scrapes), so that its polls
 *                         do not all arrive at once — a burst of thousands queued behind each other past the timeout
 */
@ConfigurationProperties("meshportal.telemetry")
public record TelemetryProperties(
        @DefaultValue("1s") Duration interval,
        @DefaultValue("800ms") Duration timeout,
        @DefaultValue("500ms") Duration slowThreshold,
        @DefaultValue("3600") int historySize,
        @DefaultValue("1048576") int maxBodyBytes,
        @DefaultValue("2s") Duration breakerOpenFor,
        @DefaultValue("1000") int roundSlice) {

    public static TelemetryProperties defaults() {
        return new TelemetryProperties(
                Duration.ofSeconds(1),
                Duration.ofMillis(800),
                Duration.ofMillis(500),
                3600,
                1 << 20,
                Duration.ofSeconds(2),
                1000);
    }
}
