#!/usr/bin/env bash
# First command on a fresh machine: system packages, npm packages, then the site
# with every letter as HTML and PDF in _site/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
npm ci --no-audit --no-fund
npm run build
