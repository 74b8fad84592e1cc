package io.meshportal.rollout;

/**
 * One version's figures over the current step, side by side with the other's. Null where nothing was measured.
 *
 * @param samples         telemetry samples of this version in the step
 * @param outputPerMinute mean of its reported output rate
 * @param rejectPercent   rejected over produced in the step (from the daily counters' growth)
 * @param oeePercent      its OEE over the current shift, as it reports it
 */
public record VersionFigures(
        String version,
        int samples,
        Double outputPerMinute,
        Double rejectPercent,
        Double oeePercent,
        Double requestsPerSecond,
        Double errorPercent,
        Double p99Millis) {}
