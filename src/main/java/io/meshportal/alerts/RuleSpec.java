package io.meshportal.alerts;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a rule says, as entered in the form. {@link #problems()} is the one validation, used by the form and
 * enforced by the service.
 *
 * @param factoryId   the one factory it applies to, or null for every factory (node rules: always null)
 * @param holdSeconds how long the condition must hold before firing, and be clear before resolving
 * @param webhookUrl  optional http(s) URL that receives a JSON POST on fire and resolve
 */
public record RuleSpec(
        String name,
        RuleKind kind,
        double threshold,
        int holdSeconds,
        Severity severity,
        String factoryId,
        String webhookUrl) {

    public RuleSpec {
        // blank optional fields mean "none"
        factoryId = factoryId == null || factoryId.isBlank() ? null : factoryId.trim();
        webhookUrl = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl.trim();
    }

    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (name == null
                || name.isBlank()
                || name.length() > 100
                || name.chars().anyMatch(Character::isISOControl)) {
            problems.put("name", "1-100 characters, no control characters");
        }
        if (kind == null) {
            problems.put("kind", "Choose what the rule watches");
        }
        boolean percent = kind != null && kind.unit() == RuleKind.Unit.PERCENT;
        if (Double.isNaN(threshold) || Double.isInfinite(threshold) || threshold < 0 || (percent && threshold > 100)) {
            problems.put("threshold", percent ? "A percentage from 0 to 100" : "A number of 0 or more");
        }
        if (holdSeconds < 0 || holdSeconds > 86_400) {
            problems.put("holdSeconds", "0 seconds to 1 day");
        }
        if (severity == null) {
            problems.put("severity", "Choose a severity");
        }
        if (kind != null && !kind.perFactory() && factoryId != null) {
            problems.put("factoryId", "Node rules apply to every node, not to one factory");
        } else if (factoryId != null && io.meshportal.fleet.NewFactory.idProblem(factoryId) != null) {
            problems.put("factoryId", "A factory id, or empty for every factory");
        }
        if (webhookUrl != null) {
            try {
                URI uri = URI.create(webhookUrl);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        || uri.getHost() == null
                        || webhookUrl.length() > 500) {
                    problems.put("webhookUrl", "An http:// or https:// URL");
                }
            } catch (IllegalArgumentException e) {
                problems.put("webhookUrl", "An http:// or https:// URL");
            }
        }
        return problems;
    }
}
