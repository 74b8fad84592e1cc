package io.meshportal.api;

import io.meshportal.manifests.FactoryManifests;
import io.meshportal.manifests.ManifestService;
import io.meshportal.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.NoSuchElementException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The manifests behind factories for pipelines and GitOps: one factory's objects as multi-document YAML, the fleet
 * as a kustomization in a zip — what the manifests page shows and downloads, scoped the same way.
 */
@RestController
@Tag(name = "manifests")
class ManifestsApi {

    static final String YAML = "application/yaml";

    private final ManifestService manifests;
    private final CurrentUser currentUser;

    ManifestsApi(ManifestService manifests, CurrentUser currentUser) {
        this.manifests = manifests;
        this.currentUser = currentUser;
    }

    @GetMapping(value = "/api/v1/factories/{id}/manifests", produces = YAML)
    @Operation(
            summary = "The factory's objects as YAML for kubectl apply -f: live from its cluster (without what the API"
                    + " server adds), or on the embedded fleet what the portal would create")
    String factory(@PathVariable String id) {
        FactoryManifests found = manifests.factory(currentUser.require(), id);
        if (found.manifests().isEmpty()) {
            throw new NoSuchElementException("no factory " + id);
        }
        return found.yaml();
    }

    @GetMapping(value = "/api/v1/manifests", produces = "application/zip")
    @Operation(summary = "Every factory the caller may see as one kustomization (kubectl apply -k), zipped")
    void fleet(HttpServletResponse response) throws IOException {
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"meshportal-fleet.zip\"");
        manifests.exportFleet(currentUser.require(), response.getOutputStream());
    }
}
