#!/usr/bin/env bash
# Sets up what is missing, then runs the main job: the Aspire AppHost starts Redis and the worker, which turns
# samples/catalog.json into lesson videos under output/. Extra arguments go to the AppHost, for example
#   ./run.sh --Worker:Catalog=/path/to/catalog.csv --Worker:Output=/path/to/videos
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh
exec dotnet run --project AppHost --launch-profile http -- "$@"
