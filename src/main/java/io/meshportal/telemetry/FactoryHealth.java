package io.meshportal.telemetry;

import java.time.Duration;
import java.time.Instant;

/**
 * @param lastGoodAt when the last valid sample arrived (null if never)
 * @param lastError  why the last poll failed (null after a success)
 * @param latencyMs  duration of the last completed poll
 */
public record FactoryHealth(FactoryStatus status, Instant lastGoodAt, String lastError, long latencyMs) {

    public static final FactoryHealth PENDING = new FactoryHealth(FactoryStatus.PENDING, null, null, 0);

    /** Age of the last good sample at {@code now}; null if there never was one. */
    public Duration age(Instant now) {
        return lastGoodAt == null ? null : Duration.between(lastGoodAt, now);
    }
}
