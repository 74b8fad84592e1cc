#!/usr/bin/env bash
# One shared root CA for the whole mesh and an intermediate CA per cluster, so workloads in different clusters
# trust each other's mTLS certificates. Writes istio/certs/ (git-ignored) and the cacerts secret per cluster.
# Usage: istio/certs.sh CLUSTER ...
set -euo pipefail
dir="$(dirname "$0")/certs"
mkdir -p "$dir"
if [ ! -f "$dir/root-key.pem" ]; then
    openssl req -x509 -newkey rsa:4096 -sha256 -days 3650 -nodes -keyout "$dir/root-key.pem" \
        -out "$dir/root-cert.pem" -subj "/O=MeshPortal/CN=MeshPortal Root CA" \
        -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign"
fi
for cluster in "$@"; do
    c="$dir/$cluster"
    mkdir -p "$c"
    if [ ! -f "$c/ca-cert.pem" ]; then
        openssl req -newkey rsa:4096 -nodes -keyout "$c/ca-key.pem" -out "$c/ca.csr" \
            -subj "/O=MeshPortal/CN=Intermediate CA ${cluster}"
        openssl x509 -req -in "$c/ca.csr" -CA "$dir/root-cert.pem" -CAkey "$dir/root-key.pem" -CAcreateserial \
            -days 730 -sha256 -out "$c/ca-cert.pem" \
            -extfile <(printf "basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectAltName=URI:spiffe://cluster.local/ns/istio-system/sa/citadel")
        cat "$c/ca-cert.pem" "$dir/root-cert.pem" > "$c/cert-chain.pem"
        cp "$dir/root-cert.pem" "$c/root-cert.pem"
    fi
    kubectl --context "kind-${cluster}" create namespace istio-system --dry-run=client -o yaml \
        | kubectl --context "kind-${cluster}" apply -f -
    kubectl --context "kind-${cluster}" -n istio-system create secret generic cacerts \
        --from-file="$c/ca-cert.pem" --from-file="$c/ca-key.pem" --from-file="$c/root-cert.pem" \
        --from-file="$c/cert-chain.pem" --dry-run=client -o yaml | kubectl --context "kind-${cluster}" apply -f -
done
