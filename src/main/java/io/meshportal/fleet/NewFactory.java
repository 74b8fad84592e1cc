package io.meshportal.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A request to open a factory. {@link #problems()} is the single source of validation: the form shows each
 * problem next to its field, and the service refuses any request that has one.
 *
 * @param id       becomes Kubernetes names: a DNS-1123 label
 * @param capacity stations per product line
 */
public record NewFactory(
        String id, String name, String country, String cluster, ProductMix mix, int capacity, int replicas) {

    public static final int MAX_CAPACITY = 50;
    public static final int MAX_REPLICAS = 10;
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** Field name → message; empty when the request is valid (uniqueness is checked by the service). */
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        String idProblem = idProblem(id);
        if (idProblem != null) {
            problems.put("id", idProblem);
        }
        if (name == null || name.isBlank()) {
            problems.put("name", "Give the factory a name");
        } else if (name.length() > 100) {
            problems.put("name", "At most 100 characters");
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            problems.put("name", "Control characters are not allowed");
        }
        if (country == null || !COUNTRY.matcher(country).matches()) {
            problems.put("country", "Two upper-case letters, e.g. DE");
        }
        if (mix == null) {
            problems.put("mix", "Choose what the factory makes");
        }
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            problems.put("capacity", "Between 1 and " + MAX_CAPACITY + " stations per line");
        }
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            problems.put("replicas", "Between 1 and " + MAX_REPLICAS + " replicas");
        }
        return problems;
    }

    /** Null when the id is a valid DNS-1123 label. */
    public static String idProblem(String id) {
        if (id == null || id.isEmpty()) {
            return "An id is required";
        }
        if (id.length() > 40) {
            return "At most 40 characters (it becomes Kubernetes names)";
        }
        if (!DNS_LABEL.matcher(id).matches()) {
            return "Lower-case letters, digits and '-', starting and ending with a letter or digit";
        }
        return null;
    }
}
