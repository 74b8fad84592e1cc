#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright may not download its own browser here).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
else
    echo "Chromium is missing: install it with 'apt-get install chromium fonts-liberation'" >&2
    exit 1
fi
