#!/usr/bin/env bash
# Installs the system tools VideoGen needs on Debian/Ubuntu, if they are missing:
# ffmpeg and ffprobe (render), espeak-ng (narration), redis-server (ledger), the slides' fonts: DejaVu, with Noto
# for every other script (Arabic, Hebrew, Devanagari, Thai, CJK and more) and for the emoji in lessons' diagrams,
# rsvg-convert for lessons' SVG pictures, and Chromium with Node.js for mermaid-cli, which draws lessons' diagrams
# (installed from npm into tools/mermaid, at the versions its package-lock.json pins).
# With --tests also tesseract with the language data the tests read slides back with, and Debian's FastAPI,
# uvicorn and httpx for the GPU job servers' tests.
set -euo pipefail

packages=(ffmpeg espeak-ng redis-server fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji librsvg2-bin chromium)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
if [ "${1:-}" = "--tests" ]; then
  packages+=(tesseract-ocr python3-fastapi python3-uvicorn python3-httpx)
  for language in ara chi-sim ell fra heb hin jpn rus tha; do
    packages+=("tesseract-ocr-$language")
  done
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "mermaid-cli needs Node.js 20 or newer (found ${node_major}); install it from https://nodejs.org or your distribution's backports." >&2
  exit 1
fi

# mermaid-cli draws in the system's Chromium: puppeteer must not download a browser of its own.
mermaid="$(dirname "$0")/../tools/mermaid"
if [ ! -x "$mermaid/node_modules/.bin/mmdc" ] || [ "$mermaid/package-lock.json" -nt "$mermaid/node_modules/.package-lock.json" ]; then
  echo "Installing mermaid-cli into tools/mermaid ..."
  (cd "$mermaid" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

