package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.Map;

/** Small readings of Kubernetes objects shared by the adapter's reads and changes. */
final class KubeObjects {

    private KubeObjects() {}

    static String label(KubernetesObject o, String key) {
        Map<String, String> labels =
                o.getMetadata() == null ? null : o.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    static String displayName(V1Deployment d, String fallback) {
        Map<String, String> annotations = d.getMetadata().getAnnotations();
        String name = annotations == null ? null : annotations.get(FactoryLabels.DISPLAY_NAME);
        return name == null || name.isBlank() ? fallback : name;
    }

    static String country(V1Deployment d) {
        String country = label(d, FactoryLabels.COUNTRY);
        return country == null ? "??" : country;
    }

    static boolean ready(V1Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (V1NodeCondition c : node.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    /** What is wrong with a node, as its conditions say: NotReady and any pressure or network condition that is True. */
    static java.util.List<String> problems(V1Node node) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        if (!ready(node)) {
            problems.add("NotReady");
        }
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (V1NodeCondition c : node.getStatus().getConditions()) {
                if (!"Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
                    problems.add(c.getType());
                }
            }
        }
        return problems;
    }

    static boolean podReady(V1Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The start of an API server's answer: enough to say why, never a whole page. */
    static String brief(ApiException e) {
        String body = e.getResponseBody();
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
