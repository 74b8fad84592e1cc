package io.meshportal.rollout;

import io.meshportal.fleet.NewVersion;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user asks for: the new version and how to roll it out. Manual: the version is deployed with no requests
 * and the user sets weights, promotes or rolls back. Automatic: the canary's share follows {@code steps}; each step
 * lasts {@code dwell}, then the versions are compared and the next step taken, or the rollout aborted.
 *
 * @param steps      canary percentages, rising, ending at 100 (e.g. 10, 25, 50, 100)
 * @param minSamples telemetry samples each version needs in a step before it can be judged
 */
public record RolloutPlan(
        NewVersion version,
        boolean automatic,
        List<Integer> steps,
        Duration dwell,
        int minSamples,
        Thresholds thresholds) {

    public static final List<Integer> DEFAULT_STEPS = List.of(10, 25, 50, 100);

    public RolloutPlan {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** Field → message; empty when valid (a running rollout and an existing version are checked by the service). */
    public Map<String, String> problems() {
        Map<String, String> p = new LinkedHashMap<>();
        if (version == null) {
            p.put("version", "Name the version to deploy");
        } else {
            p.putAll(version.problems());
        }
        if (automatic) {
            if (steps.isEmpty() || steps.size() > 10) {
                p.put("steps", "1 to 10 steps, like 10, 25, 50, 100");
            } else {
                int previous = 0;
                for (Integer step : steps) {
                    if (step == null || step <= previous || step > 100) {
                        p.put("steps", "Rising percentages from 1 to 100, like 10, 25, 50, 100");
                        break;
                    }
                    previous = step;
                }
                if (!p.containsKey("steps") && steps.getLast() != 100) {
                    p.put("steps", "The last step sends 100 % to the new version");
                }
            }
            if (dwell == null || dwell.toSeconds() < 1 || dwell.compareTo(Duration.ofHours(24)) > 0) {
                p.put("dwell", "From 1 second to 24 hours");
            }
            if (minSamples < 1 || minSamples > 10_000) {
                p.put("minSamples", "1 to 10,000 samples");
            }
        }
        if (thresholds == null) {
            p.put("thresholds", "Give the thresholds");
        } else {
            thresholds.check(p);
        }
        return p;
    }

    /** "10, 25, 50, 100" → [10, 25, 50, 100]; null when the text is not a list of whole numbers. */
    public static List<Integer> parseSteps(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            return java.util.Arrays.stream(text.split(","))
                    .map(String::trim)
                    .map(Integer::valueOf)
                    .toList();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
