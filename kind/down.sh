#!/usr/bin/env bash
# Deletes the kind clusters this setup created (listed in kind/.clusters), and nothing else.
set -euo pipefail
list="$(dirname "$0")/.clusters"
[ -f "$list" ] || { echo "No clusters recorded in $list"; exit 0; }
sort -u "$list" | while read -r cluster; do
    [ -n "$cluster" ] && kind delete cluster --name "$cluster"
done
rm -f "$list"
