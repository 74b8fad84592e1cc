#!/usr/bin/env bash
# Adds one more country cluster to a running setup, joined to the mesh: kind/add-country.sh it
set -euo pipefail
cd "$(dirname "$0")/.."
country=${1:?country code, e.g. it}
existing=$(sort -u "$(dirname "$0")/.clusters" | wc -l)
kind/cluster.sh "$country" "$existing"
kind load docker-image meshportal/factory:dev --name "$country"
istio/install.sh --remote-only portal "$country"
