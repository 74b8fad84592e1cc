package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.meshportal.fleet.ClusterInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one cluster answers, and why not: the reachability probe and the informers' errors decide its status and
 * message. Kept apart from the informers and the readings so the rules for "reachable" live in one place.
 */
final class ClusterReachability {

    private static final Logger log = LoggerFactory.getLogger(ClusterReachability.class);

    private final String cluster;
    private final ApiClient requests;
    private final long probeTimeoutMillis;
    private final Runnable changed;
    private final Runnable lost;

    private volatile ClusterInfo.Status status = ClusterInfo.Status.UNREACHABLE;
    private volatile String message = "not contacted yet";

    /**
     * @param changed told when the status changes
     * @param lost    run whenever the cluster does not answer, before {@code changed} (what it serves is unknown then)
     */
    ClusterReachability(String cluster, ApiClient requests, long probeTimeoutMillis, Runnable changed, Runnable lost) {
        this.cluster = cluster;
        this.requests = requests;
        this.probeTimeoutMillis = probeTimeoutMillis;
        this.changed = changed;
        this.lost = lost;
    }

    ClusterInfo.Status status() {
        return status;
    }

    String message() {
        return message;
    }

    /**
     * Reachability: GET /version/ bounded by the probe timeout as a whole call (not per read), so a server that
     * accepts connections and then hangs is marked as quickly as one that refuses them.
     *
     * @return true when the cluster has just become reachable (start-up, recovery)
     */
    boolean probe() {
        try {
            okhttp3.Call call = new VersionApi(requests).getCode().buildCall(null);
            call.timeout().timeout(probeTimeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            requests.execute(call, io.kubernetes.client.openapi.models.VersionInfo.class);
            boolean wasReachable = status == ClusterInfo.Status.REACHABLE;
            status = ClusterInfo.Status.REACHABLE;
            message = null;
            if (!wasReachable) {
                changed.run();
            }
            return !wasReachable;
        } catch (ApiException e) {
            mark(e);
        } catch (RuntimeException e) {
            // an answer client-java cannot read (a proxy's error page, another API): not a Kubernetes API we can use
            unreachable("unexpected answer: " + e.getClass().getSimpleName());
        }
        return false;
    }

    /**
     * Informer errors count only when they say something about the cluster as a whole: credentials refused or no
     * answer at all. Other watch errors (410 Gone for an expired resourceVersion, a 400 from a proxy) are part of
     * normal watching; the informer re-lists by itself and the reachability probe decides the status.
     */
    void informerFailed(Class<?> type, Throwable error) {
        if (error instanceof ApiException e) {
            if (e.getCode() == 401 || e.getCode() == 403 || e.getCode() == 0) {
                mark(e);
            } else {
                log.debug("Watch of {} in cluster {} failed with HTTP {}", type.getSimpleName(), cluster, e.getCode());
            }
        } else if (error instanceof java.io.IOException) {
            unreachable(
                    error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage()));
        }
    }

    private void unreachable(String why) {
        boolean was = status != ClusterInfo.Status.UNREACHABLE;
        status = ClusterInfo.Status.UNREACHABLE;
        message = why;
        lost.run();
        if (was) {
            changed.run();
        }
    }

    void mark(ApiException e) {
        ClusterInfo.Status before = status;
        markStatus(e);
        lost.run(); // unknown while the cluster does not answer; detected again once it does
        if (status != before) {
            changed.run();
        }
    }

    private void markStatus(ApiException e) {
        if (e.getCode() == 401 || e.getCode() == 403) {
            status = ClusterInfo.Status.UNAUTHORIZED;
            message = "HTTP " + e.getCode() + ": the portal's credentials are not accepted";
        } else if (e.getCode() == 0) {
            status = ClusterInfo.Status.UNREACHABLE;
            message = e.getCause() == null
                    ? String.valueOf(e.getMessage())
                    : e.getCause().getClass().getSimpleName()
                            + (e.getCause().getMessage() == null
                                    ? ""
                                    : ": " + e.getCause().getMessage());
        } else {
            status = ClusterInfo.Status.UNREACHABLE;
            message = "HTTP " + e.getCode();
        }
    }
}
