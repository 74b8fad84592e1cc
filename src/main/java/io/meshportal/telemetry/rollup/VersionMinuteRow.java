package io.meshportal.telemetry.rollup;

/**
 * One version's own minute while its factory ran more than one version: what its counters grew by (not weighted),
 * and the share of the plant it ran, so the rollout page and reports can show each version's minutes beside the
 * factory's.
 *
 * @param share the version's mean share of the plant over its samples in the minute (0 to 1; 0 when reached only
 *              by a header route)
 */
public record VersionMinuteRow(
        String factoryId,
        String version,
        long minute,
        long made,
        long rejected,
        double materialIn,
        double plannedSeconds,
        double runSeconds,
        double idealSeconds,
        long totalCount,
        long goodCount,
        int samples,
        double share) {}
