"""
Stands in for an upstream inference.py in the tests: reads the same arguments and writes a short silent clip of
NeoVerse's size (560x336, 16 fps) with ffmpeg. `--fail` in NEOVERSE_COMMAND makes it fail as a crashed model does.
"""

import argparse
import subprocess
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--input_path", required=True)
parser.add_argument("--trajectory", required=True)
parser.add_argument("--prompt", default="")
parser.add_argument("--output_path", required=True)
parser.add_argument("--static_scene", action="store_true")
parser.add_argument("--zoom_ratio", type=float)
parser.add_argument("--seed", type=int)
parser.add_argument("--low_vram", action="store_true")
parser.add_argument("--fail", action="store_true")
arguments = parser.parse_args()

if arguments.fail:
    print("CUDA out of memory (stand-in)", file=sys.stderr)
    sys.exit(3)

with open(arguments.input_path, "rb") as source:
    if not source.read(1):
        sys.exit("empty input")

subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=560x336:r=16:d=1",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", arguments.output_path], check=True)
