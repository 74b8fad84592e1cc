package io.meshportal.telemetry.rollup;

import java.util.Map;

/**
 * One factory's minute (or hour) as sums: units made and rejected (per product too), material in, OEE's times and
 * counts, seconds per state, samples taken and polls failed, and the lowest and highest output rate sampled.
 *
 * @param slot     epoch minute (or epoch hour)
 * @param products product → {made, rejected}
 */
public record MinuteRow(
        String factoryId,
        long slot,
        long made,
        long rejected,
        double materialIn,
        double plannedSeconds,
        double runSeconds,
        double idealSeconds,
        long totalCount,
        long goodCount,
        double runningSeconds,
        double idleSeconds,
        double downSeconds,
        double maintenanceSeconds,
        int samples,
        int failedPolls,
        Double rateMin,
        Double rateMax,
        Map<String, long[]> products) {}
