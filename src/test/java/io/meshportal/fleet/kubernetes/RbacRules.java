package io.meshportal.fleet.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;

/** Maps HTTP requests to RBAC "group/resource:verb" and reads the same from Role/ClusterRole manifests. */
final class RbacRules {

    private RbacRules() {}

    /** "apps/deployments:list" for GET /apis/apps/v1/namespaces/x/deployments; empty for non-resource paths. */
    static Optional<String> call(String method, String pathAndQuery) {
        String path = pathAndQuery.split("\\?")[0];
        boolean watch = pathAndQuery.contains("watch=true");
        String[] parts = path.replaceAll("^/|/$", "").split("/");
        int i;
        String group;
        if (parts[0].equals("api") && parts.length > 2) {
            group = "";
            i = 2;
        } else if (parts[0].equals("apis") && parts.length > 3) {
            group = parts[1];
            i = 3;
        } else {
            return Optional.empty(); // /version and other non-resource URLs
        }
        if (i < parts.length && parts[i].equals("namespaces") && parts.length > i + 2) {
            i += 2;
        }
        String resource = parts[i];
        String name = parts.length > i + 1 ? parts[i + 1] : null;
        String sub = parts.length > i + 2 ? parts[i + 2] : null;
        String verb =
                switch (method) {
                    case "GET" -> name == null ? (watch ? "watch" : "list") : "get";
                    case "POST" -> "create";
                    case "PUT" -> "update";
                    case "PATCH" -> "patch";
                    case "DELETE" -> "delete";
                    default -> method.toLowerCase();
                };
        return Optional.of(group + "/" + resource + (sub == null ? "" : "/" + sub) + ":" + verb);
    }

    @SuppressWarnings("unchecked")
    static Set<String> allowed(Path manifest) throws IOException {
        Set<String> allowed = new TreeSet<>();
        for (Object doc : new Yaml().loadAll(Files.readString(manifest))) {
            Map<String, Object> m = (Map<String, Object>) doc;
            if (!List.of("Role", "ClusterRole").contains(m.get("kind"))) {
                continue;
            }
            for (Map<String, Object> rule : (List<Map<String, Object>>) m.get("rules")) {
                for (String group : (List<String>) rule.get("apiGroups")) {
                    for (String resource : (List<String>) rule.get("resources")) {
                        for (String verb : (List<String>) rule.get("verbs")) {
                            allowed.add(group + "/" + resource + ":" + verb);
                        }
                    }
                }
            }
        }
        return allowed;
    }
}
