"""
The NeoVerse server's HTTP layer, with the model replaced by a stand-in that writes a short clip: the GPU job contract
(new and known keys, a failed job's key taken again, busy and loading answers, the token, forgetting old jobs) and its
checks of what a job asks for.
"""

import base64
import logging
import os
import shutil
import sys
import tempfile
import time
import unittest
from pathlib import Path

from fastapi.testclient import TestClient

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "neoverse"))

import server as neoverse  # noqa: E402
from gpujobs.app import Job, Media  # noqa: E402

# A failing job is logged with its traceback; here failures are what is tested.
logging.getLogger("gpujobs").setLevel(logging.CRITICAL)

TOKEN = "gpu-secret-token-51c0"
CLIP = base64.b64encode(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64).decode()
STAND_IN = f"{sys.executable} {HERE / 'stand_in_model.py'}"


def body(key="key-1", trajectory="orbit_left", media=None, **extra):
    return {
        "task": "camera-move",
        "idempotencyKey": key,
        "inputs": {"video": media or {"mimeType": "video/mp4", "data": CLIP}},
        "parameters": {"trajectory": trajectory, "prompt": "A lecture hall", "seed": 7, **extra},
    }


class NeoVerseServerTests(unittest.TestCase):
    def start(self, command=STAND_IN, **options):
        os.environ["NEOVERSE_COMMAND"] = command
        home = tempfile.mkdtemp(prefix="neoverse-home-")
        self.addCleanup(shutil.rmtree, home, True)
        os.environ["NEOVERSE_HOME"] = home
        app, self.jobs = neoverse.build(TOKEN, **options)
        self.addCleanup(self.jobs.stop)
        self.client = TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"})

    def wait(self, job_id, until=("succeeded", "failed"), seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            job = self.client.get(f"/v1/jobs/{job_id}").json()
            if job["state"] in until:
                return job
            time.sleep(0.05)
        self.fail(f"job {job_id} did not reach {until}")

    def test_a_job_runs_and_its_output_is_the_clip_the_model_wrote(self):
        self.start()
        answer = self.client.post("/v1/jobs", json=body())
        self.assertEqual(202, answer.status_code)
        self.assertEqual("queued", answer.json()["state"])

        job = self.wait(answer.json()["id"])

        self.assertEqual("succeeded", job["state"], job.get("error"))
        self.assertEqual(1.0, job["progress"])
        self.assertEqual("video/mp4", job["output"]["mimeType"])
        self.assertEqual(b"ftyp", base64.b64decode(job["output"]["data"])[4:8])

    def test_the_same_key_is_the_same_job_and_never_a_second_run(self):
        self.start()
        first = self.client.post("/v1/jobs", json=body("same"))
        again = self.client.post("/v1/jobs", json=body("same"))
        self.wait(first.json()["id"])
        after = self.client.post("/v1/jobs", json=body("same"))

        self.assertEqual((202, 200, 200), (first.status_code, again.status_code, after.status_code))
        self.assertEqual({first.json()["id"]}, {again.json()["id"], after.json()["id"]})

    def test_a_failed_job_says_why_and_its_key_starts_a_new_job(self):
        self.start(command=f"{STAND_IN} --fail")
        first = self.client.post("/v1/jobs", json=body("flaky")).json()
        failed = self.wait(first["id"])

        self.assertEqual("failed", failed["state"])
        self.assertIn("CUDA out of memory", failed["error"]["message"])
        self.assertNotIn("output", failed)
        retried = self.client.post("/v1/jobs", json=body("flaky"))
        self.assertEqual(202, retried.status_code)
        self.assertNotEqual(first["id"], retried.json()["id"])

    def test_a_still_is_reconstructed_as_a_static_scene(self):
        self.start()
        png = {"mimeType": "image/png", "data": base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32).decode()}
        job = self.wait(self.client.post("/v1/jobs", json=body("still", media=png)).json()["id"])
        self.assertEqual("succeeded", job["state"])
        still = Job("j", "k", "camera-move", {"video": Media("image/png", b"x")}, {"trajectory": "push_in", "zoomRatio": 1.2})
        line = neoverse.command(still, Path("in.png"), Path("out.mp4"))
        self.assertIn("--static_scene", line)
        self.assertEqual(["--zoom_ratio", "1.2"], line[line.index("--zoom_ratio"):line.index("--zoom_ratio") + 2])

    def test_wrong_requests_are_refused_with_a_reason(self):
        self.start()
        cases = {
            "no key": {**body(), "idempotencyKey": ""},
            "wrong task": {**body(), "task": "talking-head"},
            "unknown trajectory": body(trajectory="barrel_roll"),
            "not base64": body(media={"mimeType": "video/mp4", "data": "%%%"}),
            "not a picture": body(media={"mimeType": "audio/wav", "data": CLIP}),
            "no inputs": {**body(), "inputs": {}},
        }
        for name, request in cases.items():
            with self.subTest(name):
                answer = self.client.post("/v1/jobs", json=request)
                self.assertEqual(400, answer.status_code)
                self.assertTrue(answer.json()["error"]["message"])
        self.assertEqual(400, self.client.post("/v1/jobs", content=b"{not json", headers={"content-type": "application/json"}).status_code)

    def test_the_token_is_required_but_not_for_health(self):
        self.start()
        anonymous = TestClient(self.client.app)
        self.assertEqual(401, anonymous.post("/v1/jobs", json=body()).status_code)
        self.assertEqual(401, anonymous.get("/v1/jobs/anything").status_code)
        self.assertEqual(401, anonymous.post("/v1/jobs", json=body(), headers={"Authorization": "Bearer wrong"}).status_code)
        self.assertEqual({"ready": True, "model": "neoverse"}, anonymous.get("/healthz").json())

    def test_a_full_queue_answers_429_with_retry_after_and_starts_nothing(self):
        self.start(command=f"{sys.executable} -c \"import time; time.sleep(2)\"", max_queued=1)
        first = self.client.post("/v1/jobs", json=body("one"))
        self.wait(first.json()["id"], until=("running",))
        self.assertEqual(202, self.client.post("/v1/jobs", json=body("two")).status_code)

        busy = self.client.post("/v1/jobs", json=body("three"))

        self.assertEqual(429, busy.status_code)
        self.assertEqual("30", busy.headers["retry-after"])

    def test_a_loading_model_answers_503_and_unhealthy(self):
        self.start()
        self.jobs.ready = False
        self.assertEqual(503, self.client.post("/v1/jobs", json=body()).status_code)
        self.assertEqual(503, self.client.get("/healthz").status_code)

    def test_finished_jobs_are_forgotten_after_their_time_and_then_unknown(self):
        self.start(keep_seconds=0.2)
        job_id = self.client.post("/v1/jobs", json=body("old")).json()["id"]
        self.wait(job_id)
        time.sleep(0.4)

        self.assertEqual(404, self.client.get(f"/v1/jobs/{job_id}").status_code)
        self.assertEqual(202, self.client.post("/v1/jobs", json=body("old")).status_code)


if __name__ == "__main__":
    unittest.main()
