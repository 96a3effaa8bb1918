#!/usr/bin/env bash
# Installs what the tests need on Debian/Ubuntu (the main job's tools, Chromium, Node.js, Python's FastAPI), then runs
# the GPU job servers' tests and the whole .NET suite.
# Extra arguments go to dotnet test, for example: ./test.sh --filter "FullyQualifiedName~Catalog"
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh --tests
/usr/bin/python3 -m unittest discover -s servers/tests
exec dotnet test VideoGen.sln --blame-hang-timeout 5m "$@"
