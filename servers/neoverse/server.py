"""
NeoVerse (IamCreateAI/NeoVerse, Apache-2.0) behind VideoGen's GPU job contract: task "camera-move". A job's input is a
clip (video/*) or a still (image/*, reconstructed as a static scene); its parameters are one of NeoVerse's camera
trajectories, an optional prompt, zoom ratio and seed. Each job runs the upstream inference.py once, on the GPU.

Environment: NEOVERSE_HOME (the upstream checkout with its weights, default /opt/NeoVerse), NEOVERSE_COMMAND (default
"python inference.py"), NEOVERSE_LOW_VRAM=1 (about 38 GB instead of 47), GPU_JOB_TOKEN (the bearer token clients must
send; none: no token), GPU_JOB_TIMEOUT (seconds a job may take, default 900), HOST and PORT (default 0.0.0.0:8000).
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gpujobs import Job, Rejected  # noqa: E402
from gpujobs.upstream import build as build_server, run_inference, serve  # noqa: E402

TRAJECTORIES = frozenset({
    "pan_left", "pan_right", "tilt_up", "tilt_down", "move_left", "move_right", "push_in", "pull_out",
    "boom_up", "boom_down", "orbit_left", "orbit_right", "static",
})

IMAGE_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}


def validate(task: str, inputs: dict, parameters: dict[str, Any]) -> None:
    media = inputs.get("video")
    if media is None:
        raise Rejected("inputs.video is required: the clip (video/*) or the still (image/*) to move the camera through")
    if not (media.mime_type.startswith("video/") or media.mime_type in IMAGE_EXTENSIONS):
        raise Rejected(f"inputs.video.mimeType {media.mime_type} is neither a video nor a PNG, JPEG or WebP image")
    trajectory = parameters.get("trajectory")
    if trajectory not in TRAJECTORIES:
        raise Rejected(f"parameters.trajectory must be one of {', '.join(sorted(TRAJECTORIES))}")
    if "prompt" in parameters and not isinstance(parameters["prompt"], str):
        raise Rejected("parameters.prompt must be a string")
    if "zoomRatio" in parameters and not (isinstance(parameters["zoomRatio"], (int, float)) and 0.5 <= parameters["zoomRatio"] <= 2):
        raise Rejected("parameters.zoomRatio must be a number from 0.5 to 2")
    if "seed" in parameters and not isinstance(parameters["seed"], int):
        raise Rejected("parameters.seed must be an integer")


def command(job: Job, input_path: Path, output_path: Path) -> list[str]:
    """The upstream command line for one job."""
    parameters = job.parameters
    line = [*shlex.split(os.environ.get("NEOVERSE_COMMAND", "python inference.py")),
            "--input_path", str(input_path), "--trajectory", parameters["trajectory"],
            "--prompt", parameters.get("prompt") or "A calm, well-lit scene.", "--output_path", str(output_path)]
    if job.inputs["video"].mime_type in IMAGE_EXTENSIONS:
        line.append("--static_scene")
    if "zoomRatio" in parameters:
        line += ["--zoom_ratio", str(parameters["zoomRatio"])]
    if "seed" in parameters:
        line += ["--seed", str(parameters["seed"])]
    if os.environ.get("NEOVERSE_LOW_VRAM") == "1":
        line.append("--low_vram")
    return line


def run(job: Job, folder: Path) -> Path:
    media = job.inputs["video"]
    input_path = folder / ("input" + IMAGE_EXTENSIONS.get(media.mime_type, ".mp4"))
    input_path.write_bytes(media.data)
    output_path = folder / "output.mp4"
    run_inference(command(job, input_path, output_path), home(), float(os.environ.get("GPU_JOB_TIMEOUT", "900")))
    if not output_path.is_file():
        raise RuntimeError("inference.py wrote no video")
    return output_path


def home() -> Path:
    return Path(os.environ.get("NEOVERSE_HOME", "/opt/NeoVerse"))


def build(token: str | None = None, **options: Any):
    return build_server("neoverse", "camera-move", run, validate, home(), "NEOVERSE_COMMAND" in os.environ, token, **options)


if __name__ == "__main__":
    serve(build(os.environ.get("GPU_JOB_TOKEN") or None)[0])
