"""
A queue of jobs in front of one GPU model, behind the HTTP contract VideoGen's client speaks:

  POST /v1/jobs        202 {"id", "state": "queued"} for a new job; 200 with the known job for a known idempotency key
                       (unless that job failed: then a new one starts); 400 for a wrong request; 401 without the token;
                       429 with Retry-After when the queue is full; 503 while the model is loading.
  GET  /v1/jobs/{id}   200 {"id", "state", "progress", "output" | "error"}; 404 once forgotten (after an hour).
  GET  /healthz        200 {"ready": true, "model"} once the model is loaded; 503 before.

Jobs run one at a time (one GPU) on a worker thread; a model is a function from a job and a scratch folder to the path
of the video it wrote.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import shutil
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

log = logging.getLogger("gpujobs")


class Rejected(Exception):
    """A request the model cannot take (a wrong parameter): 400, and not worth retrying."""


@dataclass
class Media:
    mime_type: str
    data: bytes


@dataclass
class Job:
    id: str
    key: str
    task: str
    inputs: dict[str, Media]
    parameters: dict[str, Any]
    state: str = "queued"
    progress: float = 0.0
    output: Media | None = None
    error: str | None = None
    finished_at: float | None = None

    def view(self) -> dict[str, Any]:
        answer: dict[str, Any] = {"id": self.id, "state": self.state, "progress": round(self.progress, 3)}
        if self.output is not None:
            answer["output"] = {"mimeType": self.output.mime_type, "data": base64.b64encode(self.output.data).decode("ascii")}
        if self.error is not None:
            answer["error"] = {"message": self.error}
        return answer


Model = Callable[[Job, Path], Path]
Validator = Callable[[str, dict[str, Media], dict[str, Any]], None]


class JobServer:
    """The jobs, their keys and the one worker thread that runs them."""

    def __init__(self, model_name: str, task: str, model: Model, validate: Validator, *, keep_seconds: float = 3600,
                 max_queued: int = 16, busy_retry_seconds: int = 30, output_mime_type: str = "video/mp4") -> None:
        self.model_name = model_name
        self.task = task
        self.ready = False
        self._model = model
        self._validate = validate
        self._keep_seconds = keep_seconds
        self._max_queued = max_queued
        self.busy_retry_seconds = busy_retry_seconds
        self._output_mime_type = output_mime_type
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._by_key: dict[str, str] = {}
        self._queue: list[str] = []
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name=f"{model_name}-jobs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify_all()

    def submit(self, key: str, inputs: dict[str, Media], parameters: dict[str, Any]) -> tuple[dict[str, Any], bool] | None:
        """The job for this key (id and state) and whether it is new; None when the queue is full."""
        self._validate(self.task, inputs, parameters)
        with self._wake:
            self._forget_old()
            known = self._jobs.get(self._by_key.get(key, ""))
            if known is not None and known.state != "failed":
                return {"id": known.id, "state": known.state}, False
            if len(self._queue) >= self._max_queued:
                return None
            job = Job(id=uuid.uuid4().hex, key=key, task=self.task, inputs=inputs, parameters=parameters)
            self._jobs[job.id] = job
            self._by_key[key] = job.id
            self._queue.append(job.id)
            self._wake.notify()
            return {"id": job.id, "state": job.state}, True

    def view(self, job_id: str) -> dict[str, Any] | None:
        """What GET /v1/jobs/{id} answers, or None for a job not known (any more)."""
        with self._lock:
            self._forget_old()
            job = self._jobs.get(job_id)
            return None if job is None else job.view()

    def _forget_old(self) -> None:
        now = time.monotonic()
        for job_id in [j.id for j in self._jobs.values() if j.finished_at is not None and now - j.finished_at > self._keep_seconds]:
            job = self._jobs.pop(job_id)
            if self._by_key.get(job.key) == job_id:
                del self._by_key[job.key]

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._queue and not self._stopped:
                    self._wake.wait()
                if self._stopped:
                    return
                job = self._jobs[self._queue.pop(0)]
                job.state = "running"
            self._run_one(job)

    def _run_one(self, job: Job) -> None:
        folder = Path(tempfile.mkdtemp(prefix=f"{self.model_name}-{job.id}-"))
        try:
            output = self._model(job, folder)
            data = Path(output).read_bytes()
            if not data:
                raise RuntimeError("the model wrote an empty output")
            with self._lock:
                job.output = Media(self._output_mime_type, data)
                job.progress = 1.0
                job.state = "succeeded"
        except Exception as error:  # the job fails, the server goes on
            log.exception("job %s failed", job.id)
            with self._lock:
                job.error = str(error) or type(error).__name__
                job.state = "failed"
        finally:
            with self._lock:
                job.finished_at = time.monotonic()
                job.inputs = {}
            shutil.rmtree(folder, ignore_errors=True)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message}}, status_code=status, headers=headers)


def _media(node: Any, name: str) -> Media:
    if not isinstance(node, dict) or not isinstance(node.get("mimeType"), str) or not isinstance(node.get("data"), str):
        raise Rejected(f"inputs.{name} must be an object with mimeType and data (base64)")
    try:
        data = base64.b64decode(node["data"], validate=True)
    except (binascii.Error, ValueError):
        raise Rejected(f"inputs.{name}.data is not valid base64") from None
    if not data:
        raise Rejected(f"inputs.{name}.data is empty")
    return Media(node["mimeType"], data)


def create_app(server: JobServer, token: str | None) -> FastAPI:
    """The HTTP layer over a JobServer; with a token, every call but /healthz needs `Authorization: Bearer <token>`."""
    app = FastAPI(title=f"{server.model_name} job server")

    def authorized(request: Request) -> bool:
        if not token:
            return True
        given = request.headers.get("authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        return JSONResponse({"ready": server.ready, "model": server.model_name}, status_code=200 if server.ready else 503)

    @app.post("/v1/jobs")
    async def submit(request: Request) -> JSONResponse:
        if not authorized(request):
            return _error(401, "a bearer token is required")
        if not server.ready:
            return _error(503, f"{server.model_name} is loading", {"Retry-After": "30"})
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "the body is not JSON")
        try:
            if not isinstance(body, dict):
                raise Rejected("the body must be a JSON object")
            if body.get("task") != server.task:
                raise Rejected(f"task must be '{server.task}'")
            key = body.get("idempotencyKey")
            if not isinstance(key, str) or not 1 <= len(key) <= 200:
                raise Rejected("idempotencyKey must be a string of 1 to 200 characters")
            raw_inputs = body.get("inputs")
            if not isinstance(raw_inputs, dict) or not raw_inputs:
                raise Rejected("inputs must be an object with the job's media")
            inputs = {name: _media(node, name) for name, node in raw_inputs.items()}
            parameters = body.get("parameters") or {}
            if not isinstance(parameters, dict):
                raise Rejected("parameters must be an object")
            submitted = server.submit(key, inputs, parameters)
        except Rejected as rejected:
            return _error(400, str(rejected))
        if submitted is None:
            return _error(429, "every GPU is busy and the queue is full", {"Retry-After": str(server.busy_retry_seconds)})
        job, new = submitted
        return JSONResponse(job, status_code=202 if new else 200)

    @app.get("/v1/jobs/{job_id}")
    def get(job_id: str, request: Request) -> JSONResponse:
        if not authorized(request):
            return _error(401, "a bearer token is required")
        job = server.view(job_id)
        if job is None:
            return _error(404, f"job {job_id} is not known (finished over an hour ago, or the server restarted)")
        return JSONResponse(job)

    return app
