package io.meshportal.fleet.kubernetes;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.Manifest;
import io.meshportal.manifests.FactoryManifests;
import io.meshportal.manifests.ManifestService;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.support.KaribuTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The YAML behind factories on the embedded fleet: what the Kubernetes adapter would create, passing the project's
 * strict manifest checks and the mesh rules, alone and as one kustomization; scoped like everything else.
 */
class ManifestExportTest extends KaribuTest {

    static final Viewer OFFICE = new Viewer("k-office", Role.OFFICE_MANAGER, null);
    static final Viewer LYON_MANAGER = new Viewer("lyon-manager", Role.FACTORY_MANAGER, "lyon-1");

    @Test
    void anEmbeddedFactorysManifestsAreWhatTheAdapterWouldCreateAndKeepTheRules() {
        FactoryManifests m = context.getBean(ManifestService.class).factory(OFFICE, "lyon-1");
        assertThat(m.source()).isEqualTo(FactoryManifests.Source.EMBEDDED);
        assertThat(m.meshProblem()).isNull();
        assertThat(m.manifests())
                .extracting(Manifest::kind)
                .containsExactly(
                        "Deployment",
                        "Service",
                        "VirtualService",
                        "DestinationRule",
                        "PeerAuthentication",
                        "AuthorizationPolicy");
        List<Map<String, Object>> docs = strictlyParsed(m.yaml());
        assertThat(docs).hasSize(6);
        // only what says something: no empty lists the client's models start with
        assertThat(m.yaml()).doesNotContain("[]");
        var deployment = (io.kubernetes.client.openapi.models.V1Deployment)
                ManifestStrictnessTest.parse(docs.getFirst(), ManifestStrictnessTest.KINDS.get("Deployment"));
        assertThat(deployment.getMetadata().getName()).isEqualTo("factory-lyon-1");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("factories");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(FactoryLabels.VERSION, "v1");
        var container =
                deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        // the factory's own product lines, as its container reads them
        assertThat(container.getEnv()).anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue())
                .isEqualTo("FACTORY_PRODUCTS=chair:oak:5.5:35:5,stool:oak:3:20:2"));
        assertThat(container.getImage()).isEqualTo("meshportal/factory:dev");
        // the mesh rules hold over the set as it would be in one cluster
        MeshSemantics.Mesh mesh = new MeshSemantics.Mesh("portal", Map.of("portal", docs));
        assertThat(MeshSemantics.violations(mesh)).isEmpty();
        assertThat(MeshSemantics.destinationHosts(
                        MeshSemantics.ofKind(mesh, "VirtualService").getFirst()))
                .containsOnly("factory-lyon-1.factories.svc.cluster.local");
    }

    @Test
    void anAutoscaledFactoryHasItsAutoscaler() throws Exception {
        FleetService fleet = context.getBean(FleetService.class);
        Viewer admin = new Viewer("k-admin", Role.ADMIN, null);
        fleet.autoscale(admin, "porto-1", new Autoscaling(1, 4)).get();
        try {
            FactoryManifests m = context.getBean(ManifestService.class).factory(OFFICE, "porto-1");
            assertThat(m.manifests()).extracting(Manifest::kind).contains("HorizontalPodAutoscaler");
            var hpa = (io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler) ManifestStrictnessTest.parse(
                    strictlyParsed(m.yaml()).stream()
                            .filter(d -> "HorizontalPodAutoscaler".equals(d.get("kind")))
                            .findFirst()
                            .orElseThrow(),
                    ManifestStrictnessTest.KINDS.get("HorizontalPodAutoscaler"));
            assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
            assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(4);
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("factory-porto-1");
        } finally {
            fleet.autoscale(admin, "porto-1", null).get();
        }
        assertThat(context.getBean(ManifestService.class)
                        .factory(OFFICE, "porto-1")
                        .manifests())
                .extracting(Manifest::kind)
                .doesNotContain("HorizontalPodAutoscaler");
    }

    @Test
    void theFleetIsOneKustomizationThatRendersEveryFactorysObjects(@TempDir Path dir) throws Exception {
        ManifestService service = context.getBean(ManifestService.class);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        List<String> written = service.exportFleet(OFFICE, zip);
        assertThat(written).contains("berlin-1", "lyon-1", "porto-1", "krakow-1");
        unzip(zip.toByteArray(), dir);
        List<Map<String, Object>> rendered = Kustomize.render(dir);
        int expected = 0;
        for (String id : written) {
            expected += service.factory(OFFICE, id).manifests().size();
        }
        assertThat(rendered).hasSize(expected);
        // every kustomization names files that exist, and every object passes the strict checks
        try (var files = Files.walk(dir)) {
            for (Path k : files.filter(f -> f.endsWith("kustomization.yaml")).toList()) {
                Map<String, Object> kustomization = new Yaml().load(Files.readString(k));
                assertThat(kustomization.get("apiVersion")).isEqualTo("kustomize.config.k8s.io/v1beta1");
                @SuppressWarnings("unchecked")
                List<String> resources = (List<String>) kustomization.get("resources");
                resources.forEach(r -> assertThat(k.getParent().resolve(r)).exists());
            }
        }
        strictlyParsed(rendered);
        assertThat(MeshSemantics.violations(new MeshSemantics.Mesh("portal", Map.of("portal", rendered))))
                .isEmpty();
    }

    @Test
    void aFactoryManagerSeesAndExportsOnlyTheirOwnFactory() throws Exception {
        ManifestService service = context.getBean(ManifestService.class);
        assertThatThrownBy(() -> service.factory(LYON_MANAGER, "berlin-1")).isInstanceOf(AccessDeniedException.class);
        assertThat(service.factory(LYON_MANAGER, "lyon-1").manifests()).isNotEmpty();
        assertThat(service.factories(LYON_MANAGER)).extracting(f -> f.id()).containsExactly("lyon-1");
        assertThat(service.exportFleet(LYON_MANAGER, new ByteArrayOutputStream()))
                .containsExactly("lyon-1");
    }

    @Test
    void thePageShowsEachObjectWithCopyAndTheFileToDownload() {
        signIn("k-office");
        UI.getCurrent().navigate("manifests/krakow-1");
        Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> {
            MockVaadin.clientRoundtrip(false);
            return !_find(Div.class, s -> s.withId("manifest-deployment")).isEmpty();
        });
        assertThat(_get(Pre.class, s -> s.withId("manifest-deployment-yaml")).getText())
                .contains("kind: Deployment")
                .contains("name: factory-krakow-1")
                .doesNotContain("status:");
        assertThat(_find(Div.class, s -> s.withId("manifest-virtualservice"))).hasSize(1);
        _get(com.vaadin.flow.component.button.Button.class, s -> s.withId("manifest-service-copy"));
        Anchor download = _get(Anchor.class, s -> s.withId("manifests-download"));
        assertThat(download.getText()).isEqualTo("Download krakow-1.yaml");
        assertThat(_get(Anchor.class, s -> s.withId("manifests-export")).getHref())
                .isNotBlank();
    }

    @Test
    void anotherFactorysPageIsNotFoundForAFactoryManager() {
        signIn("k-manager-a");
        UI.getCurrent().navigate("manifests/krakow-1");
        assertThat(_find(Div.class, s -> s.withId("manifest-deployment"))).isEmpty();
        assertThat(_find(com.vaadin.flow.component.combobox.ComboBox.class, s -> s.withId("manifests-factory")))
                .isEmpty();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> strictlyParsed(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            docs.add((Map<String, Object>) doc);
        }
        return strictlyParsed(docs);
    }

    static List<Map<String, Object>> strictlyParsed(List<Map<String, Object>> docs) {
        for (Map<String, Object> doc : docs) {
            String kind = (String) doc.get("kind");
            if (MeshSemantics.CONFIG_KINDS.contains(kind)) {
                IstioStrict.check(doc);
            } else {
                assertThat(ManifestStrictnessTest.KINDS).as("kind " + kind).containsKey(kind);
                ManifestStrictnessTest.parse(doc, ManifestStrictnessTest.KINDS.get(kind));
            }
        }
        return docs;
    }

    private static void unzip(byte[] zip, Path dir) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = dir.resolve(e.getName()).normalize();
                assertThat(target.startsWith(dir)).as(e.getName()).isTrue();
                Files.createDirectories(target.getParent());
                Files.write(target, in.readAllBytes());
            }
        }
    }
}
