#!/usr/bin/env bash
# Installs Istio primary-remote, multi-network: the control plane in the portal cluster, the country clusters as
# remotes, east-west gateways everywhere, a shared root CA, remote secrets, mesh-wide STRICT mTLS and the
# factory policies. Needs istioctl and kubectl. Usage: istio/install.sh [--remote-only] PRIMARY COUNTRY ...
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
ctx() { echo "kind-$1"; }

./certs.sh "$primary" "${countries[@]}"

if [ "$remote_only" = false ]; then
    kubectl --context "$(ctx "$primary")" label namespace istio-system "topology.istio.io/network=network-${primary}" --overwrite
    istioctl install -y --context "$(ctx "$primary")" -f primary.yaml \
        --set values.global.multiCluster.clusterName="$primary" --set values.global.network="network-${primary}"
    istioctl install -y --context "$(ctx "$primary")" -f eastwest-gateway.yaml \
        --set values.global.network="network-${primary}" \
        --set "components.ingressGateways[0].k8s.env[0].value=network-${primary}"
    kubectl --context "$(ctx "$primary")" apply -f expose-istiod.yaml -f expose-services.yaml
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
    kubectl --context "$(ctx "$country")" label namespace istio-system "topology.istio.io/network=network-${country}" --overwrite
    kubectl --context "$(ctx "$country")" annotate namespace istio-system "topology.istio.io/controlPlaneClusters=${primary}" --overwrite
    istioctl install -y --context "$(ctx "$country")" -f remote.yaml \
        --set values.global.multiCluster.clusterName="$country" --set values.global.network="network-${country}" \
        --set values.istiodRemote.injectionPath="/inject/cluster/${country}/net/network-${country}" \
        --set values.global.remotePilotAddress="$discovery"
    # the primary reads the remote's API server at its node address inside the kind docker network
    server="https://$(docker inspect -f '{{.NetworkSettings.Networks.kind.IPAddress}}' "${country}-control-plane"):6443"
    istioctl create-remote-secret --context "$(ctx "$country")" --name "$country" --server "$server" \
        | kubectl --context "$(ctx "$primary")" apply -f -
    istioctl install -y --context "$(ctx "$country")" -f eastwest-gateway.yaml \
        --set values.global.network="network-${country}" \
        --set "components.ingressGateways[0].k8s.env[0].value=network-${country}"
    kubectl --context "$(ctx "$country")" apply -f expose-services.yaml
done

for cluster in "$primary" "${countries[@]}"; do
    kubectl --context "$(ctx "$cluster")" create namespace factories --dry-run=client -o yaml \
        | kubectl --context "$(ctx "$cluster")" apply -f -
    kubectl --context "$(ctx "$cluster")" label namespace factories istio-injection=enabled --overwrite
    kubectl --context "$(ctx "$cluster")" apply -f mesh/
done
echo "Mesh ready: ${primary} (primary) + ${countries[*]}"
