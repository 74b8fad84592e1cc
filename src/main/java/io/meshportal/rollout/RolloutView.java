package io.meshportal.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A rollout as users see it. {@code stepIndex} is -1 before the first step; {@code canaryWeight} the current share. */
public record RolloutView(
        Long id,
        String factoryId,
        String stableVersion,
        String canaryVersion,
        boolean automatic,
        List<Integer> steps,
        Duration dwell,
        int minSamples,
        Thresholds thresholds,
        RolloutState state,
        int stepIndex,
        int canaryWeight,
        Instant stepStartedAt,
        String startedBy,
        Instant startedAt,
        Instant finishedAt,
        String message) {}
