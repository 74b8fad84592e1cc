#!/usr/bin/env bash
# Installs Istio primary-remote, multi-network, as istio.io/latest/docs/setup/install/multicluster/
# primary-remote_multi-network/ describes it: the control plane in the portal cluster (also the config cluster),
# the country clusters as remotes, an east-west gateway per network, a shared root CA, remote secrets, and the
# mesh configuration. Needs istioctl, kubectl and docker (kind). Usage:
#   istio/install.sh [--remote-only] PRIMARY COUNTRY ...
# MESHPORTAL_NAMESPACE (default factories) is the factories' namespace; it is the same in every cluster.
set -euo pipefail
cd "$(dirname "$0")"
remote_only=false
if [ "${1:-}" = "--remote-only" ]; then
    remote_only=true
    shift
fi
primary=${1:?primary cluster name, e.g. portal}
shift
countries=("$@")
namespace=${MESHPORTAL_NAMESPACE:-factories}
ctx() { echo "kind-$1"; }

# Istio configuration objects go to the config cluster (the primary) only: in primary-remote, istiod reads
# configuration from its own cluster and only endpoints (Services, Pods) from the remotes. MeshSemanticsTest
# reads this list.
CONFIG_FILES=(expose-istiod.yaml expose-services.yaml mesh/peer-authentication.yaml mesh/factory-defaults.yaml
    mesh/factory-authorization.yaml)

ensure_namespace() { # context name
    kubectl --context "$1" create namespace "$2" --dry-run=client -o yaml | kubectl --context "$1" apply -f -
}

# The east-west gateway of one network, labelled with that network (see eastwest-gateway.yaml).
install_gateway() { # cluster
    local file
    file=$(mktemp)
    sed "s/network-remote/network-$1/g" eastwest-gateway.yaml > "$file"
    istioctl install -y --context "$(ctx "$1")" -f "$file"
    rm -f "$file"
}

./certs.sh "$primary" "${countries[@]}"

for cluster in "$primary" "${countries[@]}"; do
    ensure_namespace "$(ctx "$cluster")" istio-system
    kubectl --context "$(ctx "$cluster")" label namespace istio-system "topology.istio.io/network=network-${cluster}" --overwrite
    ensure_namespace "$(ctx "$cluster")" "$namespace"
    kubectl --context "$(ctx "$cluster")" label namespace "$namespace" istio-injection=enabled --overwrite
done

if [ "$remote_only" = false ]; then
    istioctl install -y --context "$(ctx "$primary")" -f primary.yaml \
        --set values.global.multiCluster.clusterName="$primary" --set values.global.network="network-${primary}"
    install_gateway "$primary"
    # Prometheus for the portal's mesh signals (Istio's own addon, pinned to the release that istioctl installs)
    version=$(istioctl version --remote=false --short 2>/dev/null | head -n1 | cut -d. -f1,2)
    kubectl --context "$(ctx "$primary")" apply -f \
        "https://raw.githubusercontent.com/istio/istio/release-${version:-1.25}/samples/addons/prometheus.yaml"
    for file in "${CONFIG_FILES[@]}"; do
        sed "s/namespace: factories$/namespace: ${namespace}/" "$file" | kubectl --context "$(ctx "$primary")" apply -f -
    done
fi

echo "Waiting for the portal's east-west gateway address…"
discovery=""
for _ in $(seq 1 60); do
    discovery=$(kubectl --context "$(ctx "$primary")" -n istio-system get svc istio-eastwestgateway \
        -o jsonpath='{.status.loadBalancer.ingress[0].ip}' 2>/dev/null || true)
    [ -n "$discovery" ] && break
    sleep 5
done
[ -n "$discovery" ] || { echo "No LoadBalancer address: is cloud-provider-kind running?" >&2; exit 1; }

for country in "${countries[@]}"; do
    kubectl --context "$(ctx "$country")" annotate namespace istio-system "topology.istio.io/controlPlaneClusters=${primary}" --overwrite
    istioctl install -y --context "$(ctx "$country")" -f remote.yaml \
        --set values.global.multiCluster.clusterName="$country" --set values.global.network="network-${country}" \
        --set values.istiodRemote.injectionPath="/inject/cluster/${country}/net/network-${country}" \
        --set values.global.remotePilotAddress="$discovery"
    # the primary reads the remote's API server at its node address inside the kind docker network
    server="https://$(docker inspect -f '{{.NetworkSettings.Networks.kind.IPAddress}}' "${country}-control-plane"):6443"
    istioctl create-remote-secret --context "$(ctx "$country")" --name "$country" --server "$server" \
        | kubectl --context "$(ctx "$primary")" apply -f -
    install_gateway "$country"
done
echo "Mesh ready: ${primary} (primary, config cluster) + ${countries[*]}"
