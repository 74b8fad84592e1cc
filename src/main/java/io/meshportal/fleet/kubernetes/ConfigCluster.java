package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.VersionInfo;
import io.meshportal.fleet.MeshConfigStatus;
import java.util.concurrent.TimeUnit;

/**
 * The mesh's config cluster: in Istio primary-remote, istiod reads VirtualServices, DestinationRules,
 * PeerAuthentications and AuthorizationPolicies only from its own cluster (the remotes contribute endpoints), so
 * that is where the portal writes them and reads them back for drift. Checked like the factory clusters: a probe
 * bounded as a whole call, then whether Istio's networking API is served.
 */
final class ConfigCluster implements AutoCloseable {

    final String name;
    final ApiClient requests;
    private final long probeTimeoutMillis;
    private volatile MeshConfigStatus status;
    private final java.util.concurrent.ScheduledExecutorService scheduler =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mesh-config-cluster");
                t.setDaemon(true);
                return t;
            });

    ConfigCluster(String name, ApiClient requests, long probeTimeoutMillis) {
        this.name = name;
        this.requests = requests;
        this.probeTimeoutMillis = probeTimeoutMillis;
        this.status = new MeshConfigStatus(name, MeshConfigStatus.State.UNREACHABLE, "not contacted yet");
    }

    /** A config cluster that cannot be used at all (a context missing from the kubeconfig, a broken client). */
    static ConfigCluster unusable(String name, String reason) {
        ConfigCluster cluster = new ConfigCluster(name, null, 0);
        cluster.status = new MeshConfigStatus(name, MeshConfigStatus.State.UNREACHABLE, reason);
        return cluster;
    }

    /** Checks now, then every {@code interval}, on its own thread. */
    void start(java.time.Duration interval) {
        if (requests != null) {
            scheduler.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    MeshConfigStatus status() {
        return status;
    }

    boolean ready() {
        return status.state() == MeshConfigStatus.State.READY;
    }

    /** Probes the API server, then asks whether networking.istio.io/v1 is served. */
    void refresh() {
        if (requests == null) {
            return;
        }
        try {
            okhttp3.Call call = new VersionApi(requests).getCode().buildCall(null);
            call.timeout().timeout(probeTimeoutMillis, TimeUnit.MILLISECONDS);
            requests.execute(call, VersionInfo.class);
        } catch (ApiException e) {
            status = new MeshConfigStatus(
                    name, MeshConfigStatus.State.UNREACHABLE, e.getCode() == 0 ? "no answer" : "HTTP " + e.getCode());
            return;
        } catch (RuntimeException e) {
            status = new MeshConfigStatus(
                    name,
                    MeshConfigStatus.State.UNREACHABLE,
                    "unexpected answer: " + e.getClass().getSimpleName());
            return;
        }
        try {
            new CustomObjectsApi(requests)
                    .getAPIResources(IstioWire.NETWORKING, IstioWire.VERSION)
                    .execute();
            status = new MeshConfigStatus(name, MeshConfigStatus.State.READY, null);
        } catch (ApiException e) {
            status = e.getCode() == 404
                    ? new MeshConfigStatus(
                            name,
                            MeshConfigStatus.State.NO_ISTIO,
                            "Istio's APIs (networking.istio.io/v1) are not served in cluster " + name
                                    + ": install Istio there, or set meshportal.mesh.config-context to the cluster that runs istiod")
                    : new MeshConfigStatus(name, MeshConfigStatus.State.UNREACHABLE, "HTTP " + e.getCode());
        } catch (RuntimeException e) {
            status = new MeshConfigStatus(
                    name,
                    MeshConfigStatus.State.UNREACHABLE,
                    "unexpected answer: " + e.getClass().getSimpleName());
        }
    }
}
