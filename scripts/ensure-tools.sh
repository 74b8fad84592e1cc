#!/usr/bin/env bash
# Tools the tests need from Debian: Chromium for the browser tests (Playwright may not download its own
# browser here), shellcheck for the deployment scripts, and Prometheus (server and promtool) for the mesh signals
# tests. The package's own service is not started by the tests; they run a server of their own on loopback.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v shellcheck >/dev/null 2>&1 \
    && command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation shellcheck prometheus >/dev/null
elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation shellcheck prometheus >/dev/null
else
    echo "Chromium, shellcheck or Prometheus is missing: apt-get install chromium fonts-liberation shellcheck prometheus" >&2
    exit 1
fi
