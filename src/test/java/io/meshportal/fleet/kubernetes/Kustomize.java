package io.meshportal.fleet.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders a kustomize overlay to the objects kubectl would apply: with {@code kubectl kustomize} where kubectl is
 * installed, otherwise with the small subset of kustomize our overlays use (resources, namespace, nameSuffix,
 * labels with includeSelectors/includeTemplates, commonAnnotations, inline JSON 6902 patches). MeshSemanticsTest
 * checks that both agree when kubectl is there.
 */
final class Kustomize {

    private Kustomize() {}

    static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static List<Map<String, Object>> render(Path dir) throws IOException {
        return kubectlAvailable() ? withKubectl(dir) : ourselves(dir);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> withKubectl(Path dir) throws IOException {
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(out)) {
            if (doc != null) {
                objects.add((Map<String, Object>) doc);
            }
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> ourselves(Path dir) throws IOException {
        Map<String, Object> k = new Yaml().load(Files.readString(dir.resolve("kustomization.yaml")));
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String resource : (List<String>) k.getOrDefault("resources", List.of())) {
            Path path = dir.resolve(resource).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(ourselves(path));
            } else {
                for (Object doc : new Yaml().loadAll(Files.readString(path))) {
                    if (doc != null) {
                        objects.add((Map<String, Object>) doc);
                    }
                }
            }
        }
        for (Map<String, Object> patch : (List<Map<String, Object>>) k.getOrDefault("patches", List.of())) {
            Map<String, Object> target = (Map<String, Object>) patch.get("target");
            List<Map<String, Object>> ops = new Yaml().load((String) patch.get("patch"));
            for (Map<String, Object> o : objects) {
                if (target.get("kind").equals(o.get("kind"))
                        && target.get("name").equals(metadata(o).get("name"))) {
                    ops.forEach(op -> JsonPatch.apply(o, op));
                }
            }
        }
        for (Map<String, Object> set : (List<Map<String, Object>>) k.getOrDefault("labels", List.of())) {
            Map<String, String> pairs = (Map<String, String>) set.get("pairs");
            boolean selectors = Boolean.TRUE.equals(set.get("includeSelectors"));
            boolean templates = selectors || Boolean.TRUE.equals(set.get("includeTemplates"));
            for (Map<String, Object> o : objects) {
                map(metadata(o), "labels").putAll(pairs);
                Map<String, Object> spec = (Map<String, Object>) o.get("spec");
                if (spec == null) {
                    continue;
                }
                if (selectors && "Service".equals(o.get("kind"))) {
                    map(spec, "selector").putAll(pairs);
                }
                if (selectors && spec.get("selector") instanceof Map<?, ?> sel && !"Service".equals(o.get("kind"))) {
                    map((Map<String, Object>) sel, "matchLabels").putAll(pairs);
                }
                if (templates && spec.get("template") instanceof Map<?, ?> template) {
                    map(map((Map<String, Object>) template, "metadata"), "labels")
                            .putAll(pairs);
                }
            }
        }
        Map<String, String> annotations = (Map<String, String>) k.get("commonAnnotations");
        String namespace = (String) k.get("namespace");
        String suffix = (String) k.get("nameSuffix");
        for (Map<String, Object> o : objects) {
            if (annotations != null) {
                map(metadata(o), "annotations").putAll(annotations);
                Map<String, Object> spec = (Map<String, Object>) o.get("spec");
                if (spec != null && spec.get("template") instanceof Map<?, ?> template) {
                    map(map((Map<String, Object>) template, "metadata"), "annotations")
                            .putAll(annotations);
                }
            }
            if (namespace != null
                    && !List.of("Namespace", "ClusterRole", "ClusterRoleBinding")
                            .contains(o.get("kind"))) {
                metadata(o).put("namespace", namespace);
            }
            if (suffix != null) {
                metadata(o).put("name", metadata(o).get("name") + suffix);
            }
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(Map<String, Object> o) {
        return map(o, "metadata");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            value = new LinkedHashMap<String, Object>();
            parent.put(key, value);
        }
        return (Map<String, Object>) value;
    }

    /** The JSON Patch operations our overlays use: add (also "-" to append), replace, remove. */
    static final class JsonPatch {

        private JsonPatch() {}

        @SuppressWarnings("unchecked")
        static void apply(Map<String, Object> doc, Map<String, Object> op) {
            String[] path = ((String) op.get("path")).substring(1).split("/");
            Object parent = doc;
            for (int i = 0; i < path.length - 1; i++) {
                String key = path[i].replace("~1", "/").replace("~0", "~");
                parent = parent instanceof List<?> list
                        ? list.get(Integer.parseInt(key))
                        : ((Map<String, Object>) parent).get(key);
            }
            String last = path[path.length - 1].replace("~1", "/").replace("~0", "~");
            String kind = (String) op.get("op");
            if (parent instanceof List<?> l) {
                List<Object> list = (List<Object>) l;
                int index = last.equals("-") ? list.size() : Integer.parseInt(last);
                switch (kind) {
                    case "add" -> list.add(index, op.get("value"));
                    case "replace" -> list.set(index, op.get("value"));
                    case "remove" -> list.remove(index);
                    default -> throw new IllegalArgumentException("unsupported op " + kind);
                }
            } else {
                Map<String, Object> map = (Map<String, Object>) parent;
                switch (kind) {
                    case "add", "replace" -> map.put(last, op.get("value"));
                    case "remove" -> map.remove(last);
                    default -> throw new IllegalArgumentException("unsupported op " + kind);
                }
            }
        }
    }
}
