#!/usr/bin/env bash
# Creates the portal cluster and one cluster per country, a LoadBalancer provider for the east-west gateways
# (cloud-provider-kind), and loads the MeshPortal images without a registry.
# Usage: kind/up.sh [COUNTRY ...]      (default: de fr)
set -euo pipefail
cd "$(dirname "$0")/.."
countries=("$@")
[ ${#countries[@]} -gt 0 ] || countries=(de fr)
kind/cluster.sh portal 0
index=1
for country in "${countries[@]}"; do
    kind/cluster.sh "$country" "$index"
    index=$((index + 1))
done
# LoadBalancer services (east-west gateways) get reachable addresses from cloud-provider-kind
if ! pgrep -f cloud-provider-kind >/dev/null; then
    echo "Start 'cloud-provider-kind' in another terminal (go install sigs.k8s.io/cloud-provider-kind@latest) for LoadBalancer addresses."
fi
docker build -f docker/portal.Dockerfile -t meshportal/portal:dev .
docker build -f docker/factory.Dockerfile -t meshportal/factory:dev .
kind load docker-image meshportal/portal:dev --name portal
for country in "${countries[@]}"; do
    kind load docker-image meshportal/factory:dev --name "$country"
done
echo "Clusters: portal ${countries[*]}. Next: istio/install.sh portal ${countries[*]}"
