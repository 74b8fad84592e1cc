package io.meshportal.manifests;

import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Fleet;
import io.meshportal.fleet.Manifest;
import io.meshportal.fleet.ManifestWriter;
import io.meshportal.fleet.TrafficPort;
import io.meshportal.mesh.MeshPolicy;
import io.meshportal.security.Viewer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The manifests behind the factories a viewer may see. In clusters they are read live (the fleet and the mesh as
 * they are); on the embedded fleet they are what the portal would create in a cluster, including the mesh resources
 * of the default traffic policy, so a team can take the demo fleet to its clusters or to a GitOps repository.
 */
@Service
public class ManifestService {

    private static final Logger log = LoggerFactory.getLogger(ManifestService.class);

    private final Fleet fleet;
    private final TrafficPort traffic;
    private final ManifestWriter writer;

    ManifestService(Fleet fleet, TrafficPort traffic, ManifestWriter writer) {
        this.fleet = fleet;
        this.traffic = traffic;
        this.writer = writer;
    }

    /** The factories the viewer may see, by id. */
    public List<FactoryRef> factories(Viewer viewer) {
        Viewer.signedIn(viewer);
        return fleet.factories().stream()
                .filter(f -> viewer.canSee(f.id()))
                .sorted(java.util.Comparator.comparing(FactoryRef::id))
                .toList();
    }

    /** The objects behind one factory; empty for a factory that does not exist (any more). */
    public FactoryManifests factory(Viewer viewer, String factoryId) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        Optional<FactoryRef> ref =
                fleet.factories().stream().filter(f -> f.id().equals(factoryId)).findFirst();
        if (ref.isEmpty()) {
            return new FactoryManifests(factoryId, source(), List.of(), null);
        }
        return manifests(ref.get());
    }

    private FactoryManifests manifests(FactoryRef ref) {
        List<Manifest> all = new ArrayList<>(fleet.manifests(ref.id()));
        String problem = null;
        if (traffic.supported()) {
            try {
                all.addAll(traffic.manifests(ref));
            } catch (RuntimeException e) {
                // the mesh's configuration cluster may be down while the factory's own cluster answers
                log.warn("Mesh resources of {} unreadable: {}", ref.id(), e.getMessage());
                problem = "The mesh's resources could not be read: " + e.getMessage();
            }
        } else {
            String stable = fleet.versions(ref.id()).stable().name();
            all.addAll(writer.traffic(
                    ref.id(), MeshPolicy.defaults().withStableVersion(stable).objects()));
        }
        return new FactoryManifests(ref.id(), source(), all, problem);
    }

    private FactoryManifests.Source source() {
        return traffic.supported() ? FactoryManifests.Source.CLUSTER : FactoryManifests.Source.EMBEDDED;
    }

    /**
     * Every factory the viewer may see as one kustomization in a zip: {@code kustomization.yaml} at the top naming a
     * folder per factory, each with its own {@code kustomization.yaml} and one file per object, so
     * {@code kubectl apply -k} applies the fleet and a GitOps tool can take it as it is.
     *
     * @return the factories written
     */
    public List<String> exportFleet(Viewer viewer, OutputStream out) throws IOException {
        Viewer.signedIn(viewer);
        List<String> written = new ArrayList<>();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (FactoryRef ref : factories(viewer)) {
                FactoryManifests m = manifests(ref);
                if (m.manifests().isEmpty()) {
                    continue;
                }
                List<String> files = new ArrayList<>();
                for (Manifest manifest : m.manifests()) {
                    entry(zip, ref.id() + "/" + manifest.fileName(), manifest.yaml());
                    files.add(manifest.fileName());
                }
                entry(zip, ref.id() + "/kustomization.yaml", kustomization(files));
                written.add(ref.id());
            }
            entry(zip, "kustomization.yaml", kustomization(written));
        }
        return written;
    }

    /** A Kustomization (kustomize.config.k8s.io/v1beta1) listing its resources. */
    static String kustomization(List<String> resources) {
        StringBuilder s = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
        s.append(resources.isEmpty() ? "resources: []\n" : "resources:\n");
        resources.forEach(r -> s.append("  - ").append(r).append('\n'));
        return s.toString();
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
