"""
AvatarForcing (TaekyungKi/AvatarForcing) behind VideoGen's GPU job contract: task "talking-head". A job's inputs are a
portrait (image/*) and speech (audio/wav, at most 30 s: the model cuts there); it answers a 25 fps MP4 of the face
speaking, with the speech muxed. Each job runs the upstream inference.py once, on the GPU.

The model is licensed CC BY-NC 4.0: non-commercial use only.

Environment: AVATARFORCING_HOME (the upstream checkout with its weights, default /opt/AvatarForcing),
AVATARFORCING_COMMAND (default "python inference.py"), GPU_JOB_TOKEN, GPU_JOB_TIMEOUT (seconds, default 600), HOST and
PORT (default 0.0.0.0:8000).
"""

from __future__ import annotations

import io
import os
import shlex
import sys
import wave
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gpujobs import Job, Rejected  # noqa: E402
from gpujobs.upstream import build as build_server, run_inference, serve  # noqa: E402

MAX_SPEECH_SECONDS = 30
IMAGE_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}


def speech_seconds(data: bytes) -> float:
    """The length of a WAV file; Rejected when it is not one."""
    try:
        with wave.open(io.BytesIO(data)) as speech:
            return speech.getnframes() / float(speech.getframerate())
    except (wave.Error, EOFError, ZeroDivisionError) as error:
        raise Rejected(f"inputs.audio is not a readable WAV file ({error})") from None


def validate(task: str, inputs: dict, parameters: dict[str, Any]) -> None:
    portrait, audio = inputs.get("image"), inputs.get("audio")
    if portrait is None or portrait.mime_type not in IMAGE_EXTENSIONS:
        raise Rejected("inputs.image is required: the portrait, as PNG, JPEG or WebP")
    if audio is None or audio.mime_type not in ("audio/wav", "audio/x-wav", "audio/wave"):
        raise Rejected("inputs.audio is required: the speech, as audio/wav")
    seconds = speech_seconds(audio.data)
    if seconds > MAX_SPEECH_SECONDS + 0.05:
        raise Rejected(f"inputs.audio lasts {seconds:.1f} s; a job takes at most {MAX_SPEECH_SECONDS} s of speech")
    if "seed" in parameters and not isinstance(parameters["seed"], int):
        raise Rejected("parameters.seed must be an integer")


def command(job: Job, portrait: Path, speech: Path, results: Path) -> list[str]:
    line = [*shlex.split(os.environ.get("AVATARFORCING_COMMAND", "python inference.py")),
            "--avatar_ref_path", str(portrait), "--avatar_audio_path", str(speech),
            # The upstream script looks for the user's side of a conversation at these paths; there is none.
            "--user_audio_path", str(results / "no-user-audio"), "--user_video_path", str(results / "no-user-video"),
            "--result_dir", str(results)]
    if "seed" in job.parameters:
        line += ["--seed", str(job.parameters["seed"])]
    return line


def run(job: Job, folder: Path) -> Path:
    portrait = folder / ("portrait" + IMAGE_EXTENSIONS[job.inputs["image"].mime_type])
    portrait.write_bytes(job.inputs["image"].data)
    speech = folder / "speech.wav"
    speech.write_bytes(job.inputs["audio"].data)
    results = folder / "results"
    results.mkdir()
    run_inference(command(job, portrait, speech, results), home(), float(os.environ.get("GPU_JOB_TIMEOUT", "600")))
    videos = sorted(results.glob("*.mp4"))
    if not videos:
        raise RuntimeError("inference.py wrote no video (was a face found in the portrait?)")
    return videos[0]


def home() -> Path:
    return Path(os.environ.get("AVATARFORCING_HOME", "/opt/AvatarForcing"))


def build(token: str | None = None, **options: Any):
    return build_server("avatarforcing", "talking-head", run, validate, home(), "AVATARFORCING_COMMAND" in os.environ, token, **options)


if __name__ == "__main__":
    import logging

    logging.getLogger("gpujobs").warning("AvatarForcing is licensed CC BY-NC 4.0: non-commercial use only.")
    serve(build(os.environ.get("GPU_JOB_TOKEN") or None)[0])
