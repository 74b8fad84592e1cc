package io.meshportal.api;

import io.meshportal.mesh.MeshPolicy;
import io.meshportal.mesh.MeshService;
import io.meshportal.mesh.MeshState;
import io.meshportal.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A factory's Istio traffic policy, in the portal's words: read it, replace it (office roles), as on its page. */
@RestController
@Tag(name = "mesh")
class MeshApi {

    private final MeshService mesh;
    private final CurrentUser currentUser;

    MeshApi(MeshService mesh, CurrentUser currentUser) {
        this.mesh = mesh;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/v1/factories/{id}/mesh-policy")
    @Operation(summary = "The factory's traffic policy as it is in its cluster, and any drift")
    MeshState policy(@PathVariable String id) {
        return mesh.state(currentUser.require(), id);
    }

    @PutMapping("/api/v1/factories/{id}/mesh-policy")
    @Operation(summary = "Replace the factory's traffic policy")
    MeshState apply(@PathVariable String id, @RequestBody MeshPolicy policy) {
        mesh.apply(currentUser.require(), id, policy);
        return mesh.state(currentUser.require(), id);
    }
}
