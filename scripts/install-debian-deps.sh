#!/usr/bin/env bash
# Install the Debian packages the add-on needs beyond Python: HAProxy and
# PostgreSQL for the ZEO/RelStorage cluster, LibreOffice (Writer, no GUI) for
# PDF letters, poppler-utils (pdftotext) for the letter tests. Idempotent: runs apt-get only when
# a package is missing. Needs root (or sudo).
set -euo pipefail

PACKAGES=(haproxy postgresql libreoffice-writer-nogui poppler-utils fonts-dejavu-core)

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${PACKAGES[@]}"
