#!/usr/bin/env bash
# Debian packages the build and the tests need: Chromium's headless shell (PDFs, browser
# tests: it prints what chromium prints at less cost, pdf/executable.ts), chromium (the
# tests compare the two), poppler-utils (pdftotext/pdfinfo/pdffonts), qpdf and
# libxml2-utils (archive checks), a Java runtime for the Nu Html Checker (vnu.jar, tests/e2e/site-quality.test.ts).
# Installs only what is missing; needs root (or sudo).
set -euo pipefail
declare -A need=([chromium-headless-shell]=chromium-headless-shell [chromium]=chromium [pdftotext]=poppler-utils [qpdf]=qpdf [xmllint]=libxml2-utils [java]=default-jre-headless)
missing=()
for cmd in "${!need[@]}"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}"); done
if [ ${#missing[@]} -eq 0 ]; then echo "Systeempakketten: alles aanwezig."; exit 0; fi
echo "Systeempakketten installeren: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" fonts-liberation >/dev/null
