"""
The AvatarForcing server's HTTP layer, with the model replaced by a stand-in: a talking head as long as its speech,
speech over 30 s or not a WAV refused, a failed run reported. The contract itself is tested with the NeoVerse server.
"""

import base64
import importlib.util
import io
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import wave
from pathlib import Path

from fastapi.testclient import TestClient

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("avatarforcing_server", HERE.parent / "avatarforcing" / "server.py")
avatarforcing = importlib.util.module_from_spec(spec)
spec.loader.exec_module(avatarforcing)

logging.getLogger("gpujobs").setLevel(logging.CRITICAL)

STAND_IN = f"{sys.executable} {HERE / 'stand_in_talking_head.py'}"
PORTRAIT = {"mimeType": "image/png", "data": base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32).decode()}


def speech(seconds, rate=16000):
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x10\x00" * int(seconds * rate))
    return {"mimeType": "audio/wav", "data": base64.b64encode(buffer.getvalue()).decode()}


def body(key, audio, image=PORTRAIT):
    return {"task": "talking-head", "idempotencyKey": key, "inputs": {"image": image, "audio": audio}, "parameters": {"seed": 3}}


class AvatarForcingServerTests(unittest.TestCase):
    def start(self, command=STAND_IN):
        os.environ["AVATARFORCING_COMMAND"] = command
        home = tempfile.mkdtemp(prefix="avatarforcing-home-")
        self.addCleanup(shutil.rmtree, home, True)
        os.environ["AVATARFORCING_HOME"] = home
        app, jobs = avatarforcing.build("token")
        self.addCleanup(jobs.stop)
        self.client = TestClient(app, headers={"Authorization": "Bearer token"})

    def finished(self, job_id):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            job = self.client.get(f"/v1/jobs/{job_id}").json()
            if job["state"] in ("succeeded", "failed"):
                return job
            time.sleep(0.05)
        self.fail("the job did not finish")

    def test_the_talking_head_is_as_long_as_its_speech(self):
        self.start()
        job = self.finished(self.client.post("/v1/jobs", json=body("chunk-0", speech(2.5))).json()["id"])

        self.assertEqual("succeeded", job["state"], job.get("error"))
        with tempfile.NamedTemporaryFile(suffix=".mp4") as video:
            video.write(base64.b64decode(job["output"]["data"]))
            video.flush()
            probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_type,r_frame_rate",
                                               "-of", "json", video.name], capture_output=True, check=True).stdout)
        self.assertAlmostEqual(2.5, float(probe["format"]["duration"]), delta=0.15)
        self.assertEqual({"video", "audio"}, {s["codec_type"] for s in probe["streams"]})
        self.assertIn("25/1", [s["r_frame_rate"] for s in probe["streams"]])

    def test_speech_over_thirty_seconds_or_not_a_wav_is_refused(self):
        self.start()
        long = self.client.post("/v1/jobs", json=body("long", speech(31)))
        self.assertEqual(400, long.status_code)
        self.assertIn("31.0 s", long.json()["error"]["message"])
        self.assertEqual(202, self.client.post("/v1/jobs", json=body("thirty", speech(30))).status_code)
        not_wav = self.client.post("/v1/jobs", json=body("mp3", {"mimeType": "audio/wav", "data": base64.b64encode(b"ID3" + b"\x00" * 40).decode()}))
        self.assertEqual(400, not_wav.status_code)
        no_portrait = self.client.post("/v1/jobs", json=body("face", speech(1), image={"mimeType": "video/mp4", "data": PORTRAIT["data"]}))
        self.assertEqual(400, no_portrait.status_code)

    def test_a_failed_run_says_why(self):
        self.start(command=f"{STAND_IN} --fail")
        job = self.finished(self.client.post("/v1/jobs", json=body("no-face", speech(1))).json()["id"])

        self.assertEqual("failed", job["state"])
        self.assertIn("no face found", job["error"]["message"])


if __name__ == "__main__":
    unittest.main()
