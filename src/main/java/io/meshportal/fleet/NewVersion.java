package io.meshportal.fleet;

import io.meshportal.factory.Tuning;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A version to deploy beside a factory's stable one. {@link #problems()} is the single source of validation for
 * the form and the service.
 *
 * @param name     Istio's {@code version} label and part of the Deployment's name: a DNS label
 * @param imageTag the factory image's tag in Kubernetes (null: the stable version's image); unused on the embedded
 *                 fleet, where every version runs the same code
 * @param tuning   how the version behaves on the line (the simulation's parameters)
 */
public record NewVersion(String name, String imageTag, Tuning tuning, int replicas) {

    static final Pattern VERSION = Pattern.compile("[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?");
    /** Docker's tag grammar (distribution/reference: [\w][\w.-]{0,127}). */
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public Map<String, String> problems() {
        Map<String, String> p = new LinkedHashMap<>();
        if (name == null || !VERSION.matcher(name).matches()) {
            p.put("version", "A DNS label of up to 20 characters, like v2 (lower-case letters, digits and '-')");
        }
        if (imageTag != null && !imageTag.isEmpty() && !TAG.matcher(imageTag).matches()) {
            p.put("imageTag", "An image tag: letters, digits, '_', '.' and '-', up to 128, like 1.4.2");
        }
        if (tuning == null) {
            p.put("tuning", "Give the version's cycle time factor, reject rate and stoppage rate");
        }
        if (replicas < 1 || replicas > NewFactory.MAX_REPLICAS) {
            p.put("replicas", "Between 1 and " + NewFactory.MAX_REPLICAS + " replicas");
        }
        return p;
    }
}
