#!/usr/bin/env bash
# Gives the portal least-privilege access to the country clusters and writes its kubeconfig Secret. Per country:
# k8s/country-access (a ServiceAccount with exactly the Role/ClusterRole the adapter needs, in the factories'
# namespace), that account's token, and one kubeconfig context named after the country. Never admin credentials.
# Run it with every country the portal should see; the portal picks up the updated Secret without a restart.
# Usage: kind/portal-access.sh COUNTRY ...
#   MESHPORTAL_NAMESPACE   the factories' namespace (default factories; the Role follows it)
#   MESHPORTAL_PORTAL_CONTEXT   the portal cluster's context (default kind-portal)
set -euo pipefail
cd "$(dirname "$0")/.."
namespace=${MESHPORTAL_NAMESPACE:-factories}
portal_context=${MESHPORTAL_PORTAL_CONTEXT:-kind-portal}
countries=("$@")
if [ ${#countries[@]} -eq 0 ]; then
    echo "usage: $0 COUNTRY ..." >&2
    exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
config="$work/config"

for country in "${countries[@]}"; do
    context="kind-${country}"
    # the manifest names the namespace "factories": substituted, so the Role is where the factories are
    kubectl kustomize k8s/country-access | sed "s/namespace: factories$/namespace: ${namespace}/" \
        | kubectl --context "$context" apply -f -
    token=""
    for _ in $(seq 1 30); do
        token=$(kubectl --context "$context" -n meshportal get secret meshportal-token \
            -o jsonpath='{.data.token}' 2>/dev/null || true)
        [ -n "$token" ] && break
        sleep 1
    done
    if [ -z "$token" ]; then
        echo "No token for the portal's ServiceAccount in ${country}" >&2
        exit 1
    fi
    kubectl --context "$context" -n meshportal get secret meshportal-token -o jsonpath='{.data.ca\.crt}' \
        | base64 -d > "$work/${country}.ca"
    # the portal runs inside kind's docker network: the API server's address there, not the host's port
    address=$(docker inspect -f '{{.NetworkSettings.Networks.kind.IPAddress}}' "${country}-control-plane")
    kubectl config --kubeconfig "$config" set-cluster "$country" --server "https://${address}:6443" \
        --certificate-authority "$work/${country}.ca" --embed-certs=true > /dev/null
    kubectl config --kubeconfig "$config" set-credentials "portal@${country}" \
        --token "$(printf '%s' "$token" | base64 -d)" > /dev/null
    kubectl config --kubeconfig "$config" set-context "$country" --cluster "$country" \
        --user "portal@${country}" --namespace "$namespace" > /dev/null
done
kubectl config --kubeconfig "$config" use-context "${countries[0]}" > /dev/null

kubectl --context "$portal_context" create namespace meshportal --dry-run=client -o yaml \
    | kubectl --context "$portal_context" apply -f -
# replaced in place: the portal reads the mounted file again and adds or removes clusters while it runs
kubectl --context "$portal_context" -n meshportal create secret generic meshportal-kubeconfig \
    --from-file=config="$config" --dry-run=client -o yaml | kubectl --context "$portal_context" apply -f -
echo "Portal access to: ${countries[*]} (namespace ${namespace})"
