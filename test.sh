#!/usr/bin/env bash
# Runs every test: unit, Spring/Vaadin (Karibu), end-to-end in Debian Chromium (Playwright), architecture.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/jdk.sh
. scripts/jdk.sh
scripts/ensure-tools.sh
exec mvn -B verify "$@"
