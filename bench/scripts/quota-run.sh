#!/usr/bin/env bash
# One worker on this machine makes a catalog through the Vertex emulator in real time, as a new user would against a
# Veo quota: every Veo operation takes a lognormal time (median 30 s, sigma 0.5), at most 10 run at once (a start
# beyond that is refused with 429), Gemini answers in about 4 s and TTS in about 3 s. Prints the makespan beside the
# two bounds no schedule can beat: Veo's (the first script, then Veo's drawn time spread over the quota) and the
# worker's own CPU (all the CPU it and its tools used, spread over the machine's cores).
#   bench/scripts/quota-run.sh [lessons] [quota]
set -euo pipefail
cd "$(dirname "$0")/../.."
lessons=${1:-60}
quota=${2:-10}
work=$(mktemp -d /tmp/videogen-quota-XXXXXX)
trap 'kill "$emulator" 2>/dev/null || true; redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

dotnet build -c Release -v q -nologo emulators/VertexEmulator -o "$work/emulator" >/dev/null
dotnet build -c Release -v q -nologo Pipeline.Worker -o "$work/worker" >/dev/null

port=$((20000 + RANDOM % 20000)); redis_port=$((port + 1))
redis-server --port "$redis_port" --save '' --appendonly no --daemonize yes >/dev/null
dotnet "$work/emulator/VertexEmulator.dll" --urls "http://127.0.0.1:$port" --Emulator:Token=bench-token --Logging:LogLevel:Default=Warning >/dev/null 2>&1 &
emulator=$!
until curl -sf "http://127.0.0.1:$port/" >/dev/null; do sleep 0.2; done
curl -sf -X POST "http://127.0.0.1:$port/emulator/faults" -H 'content-type: application/json' -d "{
  \"maxRunningOperations\": $quota, \"seed\": 7,
  \"latencies\": { \"veo\": { \"medianSeconds\": 30, \"sigma\": 0.5 },
                   \"generateContent\": { \"medianSeconds\": 4, \"sigma\": 0.4 }, \"tts\": { \"medianSeconds\": 3, \"sigma\": 0.3 } } }"

python3 - "$work/catalog.json" "$lessons" <<'PY'
import json, sys
source = json.load(open("samples/catalog.json"))
texts = [(l["title"], l["text"]) for c in source["courses"] for l in c["lessons"]]
lessons = [{"id": f"lesson-{i:03d}", "title": f"{texts[i % len(texts)][0]} ({i})", "text": texts[i % len(texts)][1]} for i in range(int(sys.argv[2]))]
json.dump({"courses": [{"id": "quota", "title": "Quota run", "lessons": lessons}]}, open(sys.argv[1], "w"))
PY

start=$(date +%s%N)
# In a subshell of its own, whose children's times are the worker's and its tools' alone (not the builds' above).
(dotnet "$work/worker/Pipeline.Worker.dll" --catalog "$work/catalog.json" --output "$work/out" --redis "localhost:$redis_port" --provider vertex \
  --Vertex:ProjectId=bench --Vertex:BaseUrl="http://127.0.0.1:$port" --Vertex:AccessToken=bench-token --GoogleAI:MaxRunningClipsCeiling="$quota" \
  > "$work/worker.log" 2>&1 || { tail -20 "$work/worker.log"; exit 1; }; times > "$work/times")
end=$(date +%s%N)
cpu=$(tail -1 "$work/times" | awk '{ for (i = 1; i <= 2; i++) { sub(/s$/, "", $i); split($i, t, "m"); c += t[1] * 60 + t[2] } print c }')
curl -sf "http://127.0.0.1:$port/emulator/counters" > "$work/counters.json"
python3 - "$work/counters.json" "$start" "$end" "$cpu" "$quota" "$(nproc)" "$work/out/report.json" <<'PY'
import json, sys
counters, start, end, cpu, quota, cores, report = json.load(open(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), json.load(open(sys.argv[7]))
latencies = counters["latencies"]
makespan = (end - start) / 1e9
veo_bound = latencies["generateContent"]["firstMs"] / 1000 + latencies["veo"]["totalMs"] / 1000 / quota
cpu_bound = cpu / cores
bound = max(veo_bound, cpu_bound)
totals = report["totals"]
print(f"| lessons made | {totals['succeeded']}/{totals['lessons']} |")
print(f"| Veo starts (refused with 429) | {counters['counts'].get('predictLongRunning', 0)} ({counters['counts'].get('predictLongRunning.refused', 0)}) |")
print(f"| makespan | {makespan:.0f} s |")
print(f"| Veo's bound (first script + Veo time / {quota}) | {veo_bound:.0f} s |")
print(f"| the worker's CPU bound ({cpu:.0f} s of CPU / {cores} cores) | {cpu_bound:.0f} s |")
print(f"| makespan / the larger bound | {makespan / bound:.2f} ({'Veo' if veo_bound >= cpu_bound else 'CPU'}-bound) |")
PY
