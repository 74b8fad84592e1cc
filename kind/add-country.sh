#!/usr/bin/env bash
# Adds one more country cluster to a running setup, joined to the mesh, and gives the running portal access to
# it (its kubeconfig Secret is updated in place; no restart): kind/add-country.sh it
set -euo pipefail
cd "$(dirname "$0")/.."
country=${1:?country code, e.g. it}
existing=$(sort -u kind/.clusters | wc -l)
kind/cluster.sh "$country" "$existing"
kind load docker-image meshportal/factory:dev --name "$country"
istio/install.sh --remote-only portal "$country"
# every country recorded so far, the new one included
mapfile -t countries < <(sort -u kind/.clusters | grep -vx portal)
kind/portal-access.sh "${countries[@]}"
echo "Country ${country} added: create its factories in the portal (cluster ${country})."
