"""
Stands in for AvatarForcing's inference.py in the tests: reads its arguments and writes, into --result_dir, a 25 fps
clip as long as the speech with the speech muxed, as the model does. `--fail` makes it fail as a crashed model does.
"""

import argparse
import subprocess
import sys
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--avatar_ref_path", required=True)
parser.add_argument("--avatar_audio_path", required=True)
parser.add_argument("--user_audio_path")
parser.add_argument("--user_video_path")
parser.add_argument("--result_dir", required=True)
parser.add_argument("--seed", type=int, default=25)
parser.add_argument("--fail", action="store_true")
arguments = parser.parse_args()

if arguments.fail:
    print("no face found in the portrait (stand-in)", file=sys.stderr)
    sys.exit(1)

output = Path(arguments.result_dir) / f"{Path(arguments.avatar_ref_path).stem}-seed{arguments.seed}-standin.mp4"
subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=512x512:r=25",
                "-i", arguments.avatar_audio_path, "-shortest", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", str(output)], check=True)
