#!/usr/bin/env bash
# Creates one kind cluster for MeshPortal. Clusters get non-overlapping pod and service ranges so that Istio can
# route between them: index 0 is the portal cluster, 1..N the countries.
# Usage: kind/cluster.sh NAME INDEX
set -euo pipefail
name=${1:?cluster name, e.g. portal or de}
index=${2:?cluster index: 0 for the portal, 1.. for countries}
if [ "$index" -lt 0 ] || [ "$index" -gt 50 ]; then
    echo "index must be 0..50" >&2
    exit 2
fi
pod_subnet="10.$((10 + index)).0.0/16"
service_subnet="10.$((110 + index)).0.0/16"
config=$(mktemp)
trap 'rm -f "$config"' EXIT
sed -e "s|@NAME@|${name}|" -e "s|@POD_SUBNET@|${pod_subnet}|" -e "s|@SERVICE_SUBNET@|${service_subnet}|" \
    "$(dirname "$0")/cluster.yaml.template" > "$config"
kind create cluster --name "$name" --config "$config"
# remember what we created, so kind/down.sh deletes only these
echo "$name" >> "$(dirname "$0")/.clusters"
# metrics-server: kind's kubelets have self-signed certificates, hence --kubelet-insecure-tls
kubectl --context "kind-${name}" apply -f "https://github.com/kubernetes-sigs/metrics-server/releases/download/${METRICS_SERVER_VERSION:-v0.7.2}/components.yaml"
kubectl --context "kind-${name}" -n kube-system patch deployment metrics-server --type=json \
    -p '[{"op":"add","path":"/spec/template/spec/containers/0/args/-","value":"--kubelet-insecure-tls"}]'
kubectl --context "kind-${name}" label namespace kube-system "topology.istio.io/network=network-${name}" --overwrite
