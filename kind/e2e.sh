#!/usr/bin/env bash
# The documented multi-cluster path, run for real on a machine with Docker: a portal cluster and two countries,
# Istio primary-remote multi-network, the portal deployed with least-privilege access to the countries, a factory
# created through the portal that reports UP through the mesh, a timeout+retries policy and a 90/10 split applied
# and observed (requests per version), STRICT mTLS checked, the factory deleted with nothing left, and a clean
# teardown. On failure it prints what an operator needs. Needs docker, kind, kubectl, istioctl, openssl, a JDK 21+,
# Maven, Chromium (or MESHPORTAL_CHROMIUM), and cloud-provider-kind on PATH (started here if not running).
# Usage: kind/e2e.sh            KEEP=1 kind/e2e.sh keeps the clusters for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
factory=e2e-1
namespace=factories
password=$(openssl rand -base64 24)
log_dir=target/kind-e2e
mkdir -p "$log_dir"
forward_pid=""
cpk_pid=""

step() { echo; echo "==> $*"; }

diagnose() {
    echo "!!! kind/e2e.sh failed; what an operator would look at:" >&2
    for cluster in portal de fr; do
        echo "--- kubectl get pods -A (kind-${cluster})" >&2
        kubectl --context "kind-${cluster}" get pods -A -o wide >&2 || true
    done
    echo "--- istioctl proxy-status" >&2
    istioctl --context kind-portal proxy-status >&2 || true
    echo "--- portal log" >&2
    kubectl --context kind-portal -n meshportal logs deploy/meshportal -c portal --tail=300 >&2 || true
    echo "--- mesh objects (config cluster)" >&2
    kubectl --context kind-portal -n "$namespace" get virtualservices,destinationrules,peerauthentications,authorizationpolicies >&2 || true
}

cleanup() {
    status=$?
    [ "$status" -eq 0 ] || diagnose
    [ -z "$forward_pid" ] || kill "$forward_pid" 2>/dev/null || true
    if [ "${KEEP:-0}" != 1 ]; then
        step "Teardown"
        kind/down.sh || true
    fi
    [ -z "$cpk_pid" ] || kill "$cpk_pid" 2>/dev/null || true
    exit "$status"
}
trap cleanup EXIT

browser_step() { # create | policy | canary | promote | abort | delete
    ./test.sh -q -Dtest=KindEndToEndTest -Dgroups=kind -Dexcluded.groups=none -Dsurefire.failIfNoSpecifiedTests=false \
        -Dmeshportal.e2e.url=http://localhost:8080 -Dmeshportal.e2e.password="$password" \
        -Dmeshportal.e2e.factory="$factory" -Dmeshportal.e2e.cluster=de -Dmeshportal.e2e.step="$1"
}

# Requests from inside the mesh, as the portal's service account (the factory access policy admits only it),
# counted per version the factory reports.
requests_per_version() { # [version to pin with the x-meshportal-version header]
    local pin=""
    [ -z "${1:-}" ] || pin="-H x-meshportal-version:$1"
    kubectl --context kind-portal -n meshportal delete pod mesh-probe --ignore-not-found >/dev/null
    kubectl --context kind-portal -n meshportal run mesh-probe --image=curlimages/curl:8.11.1 --restart=Never \
        --overrides='{"spec":{"serviceAccountName":"meshportal"}}' --command -- sh -c \
        "sleep 5; for i in \$(seq 1 200); do curl -s -m 3 ${pin} http://factory-${factory}.${namespace}.svc.cluster.local:8080/api/v1/telemetry | grep -o '\"version\":\"v[0-9]*\"'; done; echo done"
    # the pod's sidecar keeps running after curl ends: wait for the script's last line, not for the pod
    for _ in $(seq 1 150); do
        kubectl --context kind-portal -n meshportal logs mesh-probe -c mesh-probe 2>/dev/null | grep -qx "done" && break
        sleep 2
    done
    kubectl --context kind-portal -n meshportal logs mesh-probe -c mesh-probe | grep version | sort | uniq -c
}

if ! pgrep -f cloud-provider-kind >/dev/null; then
    cloud-provider-kind > "$log_dir/cloud-provider-kind.log" 2>&1 &
    cpk_pid=$!
fi

step "Clusters: portal, de, fr"
kind/up.sh de fr

step "Istio: primary (portal) + remotes (de, fr), east-west gateways, config in the portal cluster"
istio/install.sh portal de fr

step "The portal, with least-privilege access to the countries"
kubectl --context kind-portal create namespace meshportal --dry-run=client -o yaml | kubectl --context kind-portal apply -f -
kubectl --context kind-portal -n meshportal create secret generic meshportal-admin --from-literal=password="$password" \
    --dry-run=client -o yaml | kubectl --context kind-portal apply -f -
kind/portal-access.sh de fr
kubectl --context kind-portal apply -k k8s/portal/overlays/kind-multicluster
kubectl --context kind-portal -n meshportal rollout status deploy/meshportal --timeout=300s
kubectl --context kind-portal -n meshportal port-forward svc/meshportal 8080:8080 > "$log_dir/port-forward.log" 2>&1 &
forward_pid=$!
for _ in $(seq 1 60); do
    curl -fsS -o /dev/null http://localhost:8080/actuator/health/readiness && break
    sleep 2
done

step "A factory created through the portal reports UP through the mesh"
browser_step create
kubectl --context kind-de -n "$namespace" get deploy "factory-${factory}" -o jsonpath='{.spec.template.metadata.labels.version}' | grep -qx v1

step "Timeout and retries applied, in the config cluster only"
browser_step policy
kubectl --context kind-portal -n "$namespace" get virtualservice "factory-${factory}" -o jsonpath='{.spec.http[0].timeout}' | grep -qx 2s
if kubectl --context kind-de -n "$namespace" get virtualservice "factory-${factory}" >/dev/null 2>&1; then
    echo "mesh objects must not be in a country cluster" >&2
    exit 1
fi

step "Rollout: v2 deployed by the portal beside v1, then a 90/10 split"
browser_step canary
kubectl --context kind-de -n "$namespace" get deploy "factory-${factory}-v2" -o jsonpath='{.spec.template.metadata.labels.version}' | grep -qx v2
counts=$(requests_per_version)
echo "$counts"
v2=$(echo "$counts" | awk '/"v2"/ {print $1}')
v2=${v2:-0}
if [ "$v2" -lt 6 ] || [ "$v2" -gt 40 ]; then
    echo "expected about 10 % of 200 requests on v2, got ${v2}" >&2
    exit 1
fi
pinned=$(requests_per_version v1)
echo "$pinned"
if echo "$pinned" | grep -q '"v2"'; then
    echo "requests pinned to v1 with x-meshportal-version reached v2" >&2
    exit 1
fi

step "Promote: v2 is the factory's only version, nothing of v1 left"
browser_step promote
kubectl --context kind-de -n "$namespace" get deploy "factory-${factory}" -o jsonpath='{.spec.template.metadata.labels.version}' | grep -qx v2
if kubectl --context kind-de -n "$namespace" get deploy "factory-${factory}-v2" >/dev/null 2>&1; then
    echo "the canary Deployment is still there after promotion" >&2
    exit 1
fi
kubectl --context kind-portal -n "$namespace" get destinationrule "factory-${factory}" -o jsonpath='{.spec.subsets[*].labels.version}' | grep -qx v2
counts=$(requests_per_version)
echo "$counts"
if echo "$counts" | grep -q '"v1"'; then
    echo "requests still reach v1 after promotion" >&2
    exit 1
fi

step "Automatic rollout of a version that rejects 30 %: aborted at its first step, rolled back"
browser_step abort
if kubectl --context kind-de -n "$namespace" get deploy "factory-${factory}-v3" >/dev/null 2>&1; then
    echo "the aborted canary's Deployment is still there" >&2
    exit 1
fi
kubectl --context kind-portal -n "$namespace" get destinationrule "factory-${factory}" -o jsonpath='{.spec.subsets[*].labels.version}' | grep -qx v2

step "STRICT mTLS: a plain-text call from a pod outside the mesh is refused"
kubectl --context kind-de create namespace plain --dry-run=client -o yaml | kubectl --context kind-de apply -f -
if kubectl --context kind-de -n plain run plain-call --image=curlimages/curl:8.11.1 --restart=Never --rm -i --quiet \
    --command -- curl -sS -m 5 "http://factory-${factory}.${namespace}.svc.cluster.local:8080/api/v1/telemetry"; then
    echo "a plain-text call got an answer: mTLS is not STRICT" >&2
    exit 1
fi

step "Delete: nothing of the factory is left in any cluster"
browser_step delete
for cluster in de portal; do
    left=$(kubectl --context "kind-${cluster}" -n "$namespace" get deploy,svc,hpa -l "meshportal.io/factory=${factory}" -o name)
    [ -z "$left" ] || { echo "left in ${cluster}: ${left}" >&2; exit 1; }
done
left=$(kubectl --context kind-portal -n "$namespace" get virtualservices,destinationrules,peerauthentications,authorizationpolicies \
    -l "meshportal.io/factory=${factory}" -o name)
[ -z "$left" ] || { echo "mesh objects left: ${left}" >&2; exit 1; }

step "All checks passed"
