package io.meshportal.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The factory's Kubernetes manifest must agree with what the factory process really serves. */
class FactoryManifestTest {

    @Test
    @SuppressWarnings("unchecked")
    void probesPortAndEnvironmentMatchTheServer() throws Exception {
        Map<String, Object> deployment = new Yaml().load(Files.readString(Path.of("k8s/factory/base/deployment.yaml")));
        Map<String, Object> pod = (Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).getFirst();

        Map<String, Object> readiness =
                (Map<String, Object>) ((Map<String, Object>) container.get("readinessProbe")).get("httpGet");
        Map<String, Object> liveness =
                (Map<String, Object>) ((Map<String, Object>) container.get("livenessProbe")).get("httpGet");
        assertThat(readiness.get("path")).isEqualTo("/readyz");
        assertThat(liveness.get("path")).isEqualTo("/healthz");
        assertThat(container).containsKey("resources");

        // the environment the manifest sets is a configuration the factory accepts
        var env = new java.util.HashMap<String, String>();
        ((List<Map<String, Object>>) container.get("env"))
                .forEach(e -> env.put((String) e.get("name"), (String) e.get("value")));
        FactoryConfig config = FactoryConfig.from(env, new String[0]);
        int containerPort = (Integer)
                ((List<Map<String, Object>>) container.get("ports")).getFirst().get("containerPort");
        assertThat(config.port()).isEqualTo(containerPort);
        assertThat(config.faultControl()).isFalse();
    }
}
