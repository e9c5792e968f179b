#!/usr/bin/env bash
# Install the Debian packages the add-on and its tests need beyond Python:
# Chromium for the browser tests, HAProxy and PostgreSQL for the ZEO/RelStorage
# cluster, LibreOffice (Writer, no GUI) for PDF letters, poppler-utils
# (pdftotext) for the letter tests, and npm for axe-core. Idempotent: runs
# apt-get only when something is missing. Needs root (or sudo).
# .ci/run calls it; add new Debian packages here.
set -euo pipefail

PACKAGES=(chromium haproxy postgresql libreoffice-writer-nogui poppler-utils fonts-dejavu-core)

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
# A machine may carry Node.js from another repository (NodeSource's package
# bundles npm and conflicts with Debian's): ask for Debian's npm only when no
# npm command is there at all.
if ! command -v npm >/dev/null 2>&1; then
    missing+=(npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
