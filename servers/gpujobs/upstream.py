"""Running an upstream model's inference.py as one job, and serving a model's job server."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from .app import JobServer, Model, Validator, create_app


def run_inference(line: list[str], home: Path, timeout: float) -> None:
    """Runs the upstream command in its checkout; a failure raises with the last lines it printed."""
    finished = subprocess.run(line, cwd=home, capture_output=True, text=True, timeout=timeout)
    if finished.returncode != 0:
        tail = (finished.stderr or finished.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"inference.py exited with {finished.returncode}: {' '.join(tail)}")


def build(model_name: str, task: str, model: Model, validate: Validator, home: Path, command_given: bool, token: str | None, **options: Any):
    """The app and its started job server; the model counts as ready once its checkout (or a given command) is there."""
    server = JobServer(model_name, task, model, validate, **options)
    server.ready = command_given or (home / "inference.py").is_file()
    server.start()
    return create_app(server, token), server


def serve(app) -> None:
    import uvicorn

    uvicorn.run(app, host=os.environ.get("HOST", "0.0.0.0"), port=int(os.environ.get("PORT", "8000")))
