package io.meshportal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Scripts pass shellcheck; kind configs use only kind's fields and non-overlapping networks; Dockerfiles are sane. */
class DeploymentAssetsTest {

    @Test
    void everyShellScriptPassesShellcheck() throws Exception {
        List<String> scripts = new ArrayList<>();
        // target/ is skipped, not filtered: reports written there meanwhile would break a walk through it
        Files.walkFileTree(Path.of("."), new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(
                    Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                String name = String.valueOf(dir.getFileName());
                return name.equals("target") || name.equals(".git")
                        ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                        : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
                if (file.toString().endsWith(".sh")) {
                    scripts.add(file.toString());
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        scripts.add(".ci/run");
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(10);
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x"));
        command.addAll(scripts);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void kindClustersGetNonOverlappingNetworksAndOnlyKnownFields() throws IOException {
        String template = Files.readString(Path.of("kind/cluster.yaml.template"));
        Set<String> pods = new java.util.HashSet<>();
        for (int index = 0; index <= 5; index++) {
            // the same arithmetic as kind/cluster.sh
            String pod = "10." + (10 + index) + ".0.0/16";
            String service = "10." + (110 + index) + ".0.0/16";
            Map<String, Object> config = new Yaml()
                    .load(template.replace("@NAME@", "c" + index)
                            .replace("@POD_SUBNET@", pod)
                            .replace("@SERVICE_SUBNET@", service));
            assertThat(config).containsOnlyKeys("kind", "apiVersion", "name", "networking", "nodes");
            assertThat(config.get("apiVersion")).isEqualTo("kind.x-k8s.io/v1alpha4");
            Map<String, Object> networking = (Map<String, Object>) config.get("networking");
            assertThat(networking).containsOnlyKeys("podSubnet", "serviceSubnet");
            assertThat(pods.add(pod)).isTrue();
            assertThat(pods).doesNotContain(service);
        }
        assertThat(Files.readString(Path.of("kind/cluster.sh")))
                .contains("10.$((10 + index)).0.0/16", "10.$((110 + index)).0.0/16");
    }

    @Test
    void dockerfilesAreMultiStageNonRootWithHealthChecks() throws IOException {
        for (String file : List.of("docker/factory.Dockerfile", "docker/portal.Dockerfile")) {
            String text = Files.readString(Path.of(file));
            assertThat(text).as(file).contains("AS build", "USER 10001", "HEALTHCHECK");
            assertThat(text).as(file).containsPattern("FROM eclipse-temurin:(21|25)-jre");
        }
        // the portal's start-up cache must be made by the JVM that uses it: the runtime stage makes it itself
        String portal = Files.readString(Path.of("docker/portal.Dockerfile"));
        assertThat(portal)
                .contains(
                        "FROM eclipse-temurin:25-jre",
                        "-XX:AOTCacheOutput=/app/portal.aot",
                        "-XX:AOTCache=/app/portal.aot");
    }
}
