#!/usr/bin/env bash
# Installs the system tools VideoGen needs on Debian/Ubuntu, if they are missing:
# ffmpeg and ffprobe (render), espeak-ng (narration), redis-server (ledger), and the slides' fonts: DejaVu,
# with Noto for every other script (Arabic, Hebrew, Devanagari, Thai, CJK and more).
# With --tests also Chromium, in which the tests open report.html, tesseract with the language data the tests
# read slides back with, Debian's FastAPI, uvicorn and httpx for the GPU job servers' tests, and Node.js with npm when
# they are missing.
set -euo pipefail

packages=(ffmpeg espeak-ng redis-server fonts-dejavu-core fonts-noto-core fonts-noto-cjk)
if [ "${1:-}" = "--tests" ]; then
  packages+=(chromium tesseract-ocr python3-fastapi python3-uvicorn python3-httpx)
  for language in ara chi-sim ell fra heb hin jpn rus tha; do
    packages+=("tesseract-ocr-$language")
  done
  # The tests drive Google's JavaScript client and Azurite with Node.js and npm.
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
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

if [ "${1:-}" = "--tests" ]; then
  node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$node_major" -lt 20 ]; then
    echo "The tests need Node.js 20 or newer (found ${node_major}); install it from https://nodejs.org or your distribution's backports." >&2
    exit 1
  fi
fi

