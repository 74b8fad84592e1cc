#!/usr/bin/env bash
# Tools the tests need from Debian: Chromium for the browser tests (Playwright may not download its own
# browser here) and shellcheck for the deployment scripts.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v shellcheck >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation shellcheck >/dev/null
elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation shellcheck >/dev/null
else
    echo "Chromium or shellcheck is missing: apt-get install chromium fonts-liberation shellcheck" >&2
    exit 1
fi
