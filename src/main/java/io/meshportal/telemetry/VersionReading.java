package io.meshportal.telemetry;

import io.meshportal.factory.TelemetrySnapshot;

/**
 * One version of a factory as last polled with the version pinned, and the share of the plant it runs.
 *
 * @param share    0 to 1: its weight in the split; 0 for a version reached only by a header route (its figures are
 *                 shown beside the factory's, not in them)
 * @param latest   its last good snapshot, or null before the first
 * @param problem  why its last poll failed, or null
 */
public record VersionReading(String version, double share, TelemetrySnapshot latest, String problem) {}
