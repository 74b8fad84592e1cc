#!/usr/bin/env bash
# Tools the tests need from Debian: Chromium for the browser tests (Playwright may not download its own
# browser here), shellcheck for the deployment scripts, Prometheus (server and promtool) for the mesh signals
# tests, and LibreOffice Calc without a GUI (soffice) to open the CSV exports in a real spreadsheet. The
# Prometheus package's own service is not started by the tests; they run a server of their own on loopback.
set -euo pipefail
PACKAGES="chromium fonts-liberation shellcheck prometheus libreoffice-calc-nogui"
if command -v chromium >/dev/null 2>&1 && command -v shellcheck >/dev/null 2>&1 \
    && command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 \
    && command -v soffice >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    # shellcheck disable=SC2086 # a list of package names
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >/dev/null
elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    # shellcheck disable=SC2086 # a list of package names
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >/dev/null
else
    echo "Chromium, shellcheck, Prometheus or LibreOffice is missing: apt-get install $PACKAGES" >&2
    exit 1
fi
