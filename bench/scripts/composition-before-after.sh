#!/usr/bin/env bash
# Composition CPU of two builds side by side, in one run on this machine: the worker of an earlier commit and of the
# working tree make the same catalogs with the same settings (camera local, review local, presenter off, and once with
# the presenter on), and every ffmpeg and ffprobe they start is timed by a wrapper on PATH, by what it does: composing
# (the video, its thumbnail, the pictures that move), reviewing, probing.
# The worker's own CPU (its process and every tool it waited for) is measured for the whole run too: composing also
# paints slides and draws camera moves in the worker's process, which no tool's time includes.
#   bench/scripts/composition-before-after.sh <commit-before> [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
before=${1:?give the commit to compare with, for example the one before the change}
runs=${2:-3}
work=$(mktemp -d /tmp/videogen-composition-XXXXXX)
trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; git worktree remove --force "$work/before" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

git worktree add --detach "$work/before" "$before" >/dev/null
dotnet build -c Release -v q -nologo "$work/before/Pipeline.Worker" -o "$work/bin-before" >/dev/null
dotnet build -c Release -v q -nologo Pipeline.Worker -o "$work/bin-after" >/dev/null

port=$((20000 + RANDOM % 20000))
redis-server --port "$port" --save '' --appendonly no --daemonize yes >/dev/null

# Every ffmpeg and ffprobe call, timed: user and system CPU of the tool, and what it was for.
mkdir -p "$work/path"
for tool in ffmpeg ffprobe; do
  cat > "$work/path/$tool" <<WRAP
#!/usr/bin/env bash
/usr/bin/$tool "\$@"; code=\$?
last="\${@: -1}"
case "$tool:\$*:\$last" in
  ffprobe:*) role=probe ;;
  *blackdetect*) role=review ;;
  *video.mp4|*thumbnail.jpg|*.yuv|*.yuva) role=compose ;;
  *) role=other ;;
esac
# The shell's children's times, its second line: "XmY.YYYs XmY.YYYs" (user, system). Said in this shell, not a pipe's.
times > "\$VIDEOGEN_TOOL_LOG.\$\$"
tail -1 "\$VIDEOGEN_TOOL_LOG.\$\$" | awk -v role="\$role" '{ for (i = 1; i <= 2; i++) { sub(/s\$/, "", \$i); split(\$i, t, "m"); c[i] = t[1] * 60 + t[2] } print role, c[1], c[2] }' >> "\$VIDEOGEN_TOOL_LOG"
rm -f "\$VIDEOGEN_TOOL_LOG.\$\$"
exit \$code
WRAP
  chmod +x "$work/path/$tool"
done

# A long lesson: many paragraphs, and settings that let its video run to several minutes.
python3 - "$work/long.json" <<'PY'
import json, sys
paragraph = ("A loop repeats a block of work until a condition changes. The for loop walks over the items of a list, and the while "
             "loop runs as long as its condition stays true. Use break to leave a loop early, and continue to skip to the next one. ")
text = "\n\n".join(f"## Part {i}\n\n" + paragraph * 3 for i in range(1, 21))
json.dump({"courses": [{"id": "long", "title": "Long lessons", "lessons": [{"id": "loops", "title": "Loops at length", "text": text}]}]}, open(sys.argv[1], "w"))
PY

measure() { # build catalog extra-args...
  local build=$1 catalog=$2; shift 2
  local output="$work/out-$build" log="$work/tools.log"
  rm -rf "$output" "$log"; redis-cli -p "$port" flushall >/dev/null
  local start=$(date +%s%N)
  (VIDEOGEN_TOOL_LOG="$log" PATH="$work/path:$PATH" dotnet "$work/bin-$build/Pipeline.Worker.dll" --catalog "$catalog" --output "$output" \
    --redis "localhost:$port" --camera local --review local "$@" >/dev/null 2>&1; times > "$work/run-times")
  local whole=$(tail -1 "$work/run-times" | awk '{ for (i = 1; i <= 2; i++) { sub(/s$/, "", $i); split($i, t, "m"); c += t[1] * 60 + t[2] } print c }')
  local wall=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  local minutes=$(find "$output" -name '*.mp4' -not -path '*/.*' -exec /usr/bin/ffprobe -v error -show_entries format=duration -of csv=p=0 {} \; | awk '{ s += $1 } END { print s / 60 }')
  awk -v build="$build" -v wall="$wall" -v minutes="$minutes" -v whole="$whole" '
    { cpu[$1] += $2 + $3 }
    END { printf "%s %.3f %.2f %.2f %.2f %.2f %.2f\n", build, minutes, cpu["compose"], cpu["review"], cpu["probe"], wall, whole }' "$log"
}

echo "| catalog | build | minutes of video | composition CPU, ffmpeg (median of $runs) | per minute of video | review CPU | probes CPU | wall | whole run CPU | per minute of video |"
echo "|---|---|---|---|---|---|---|---|---|---|"
# Each build reads the settings it knows and ignores the other's: the word budget before lengths, the length after.
for case in "sample|samples/catalog.json|--presenter off --VideoGen:Length=short" "long|$work/long.json|--presenter off --Providers:Local:WordBudget=1500 --VideoGen:Length=9.4 --Providers:Local:MaxScenes=20" "presenter|samples/catalog.json|--presenter local --VideoGen:Length=short"; do
  IFS="|" read -r name catalog extra <<< "$case"
  for build in before after; do
    for run in $(seq "$runs"); do measure "$build" "$catalog" $extra; done | sort -k3 -n | awk -v runs="$runs" 'NR == int((runs + 1) / 2)' > "$work/median"
    read -r b minutes compose review probe wall whole < "$work/median"
    per=$(awk -v c="$compose" -v m="$minutes" 'BEGIN { printf "%.2f", c / m }')
    per_whole=$(awk -v c="$whole" -v m="$minutes" 'BEGIN { printf "%.2f", c / m }')
    echo "$per" > "$work/per-$name-$build"
    echo "$per_whole" > "$work/whole-$name-$build"
    echo "| $name | $b | $minutes | ${compose} s | **${per} s** | ${review} s | ${probe} s | ${wall} s | ${whole} s | **${per_whole} s** |"
  done
  # The same look: every frame of this build's videos against the same build's at a constant frame rate (every frame
  # encoded, as before the change), both seen at 30 fps. (The earlier build reads a lesson into other scenes, so its
  # frames are not the same pictures; the drawn moves are checked against ffmpeg's filters by the tests.)
  measure after "$catalog" $extra --Providers:Local:ConstantFrameRate=true >/dev/null
  rm -rf "$work/out-cfr"; mv "$work/out-after" "$work/out-cfr"
  measure after "$catalog" $extra >/dev/null
  look=$(for video in $(cd "$work/out-cfr" && find . -name '*.mp4' -not -path './.*'); do
    /usr/bin/ffmpeg -v error -i "$work/out-after/$video" -i "$work/out-cfr/$video" \
      -lavfi "[0:v]fps=30[a];[1:v]fps=30[b];[a][b]psnr=stats_file=$work/psnr.log" -f null - &&
    sed -E 's/^n:([0-9]+) .*psnr_avg:([0-9.]+|inf).*/\2 \1/; s/^inf/99/' "$work/psnr.log" | awk -v video="$video" '{ print } $1 < 40 { print video, $2, $1 > "/dev/stderr" }'
  done | awk '{ n++; s += $1; if (min == "" || $1 + 0 < min + 0) min = $1 } END { printf "every frame against a constant frame rate: %.1f dB at worst, %.1f dB on average (%d frames)", min, s / n, n }')
  echo "| $name | after / before | | | **$(awk -v a="$(cat "$work/per-$name-after")" -v b="$(cat "$work/per-$name-before")" 'BEGIN { printf "%.3f", a / b }')** | $look | | | | **$(awk -v a="$(cat "$work/whole-$name-after")" -v b="$(cat "$work/whole-$name-before")" 'BEGIN { printf "%.3f", a / b }')** |"
done
