"""Evidence ingest benchmark (issue 5): a large file uploaded through the real path — multipart over
real HTTP to a gunicorn server, the API's upload endpoint, the hashing upload handler, the rename
into the blob store, the record log entry — as a ratio to a one-pass read + SHA-256 + write + fsync
of the same bytes on the same disk, measured in the same run; and the server worker's peak resident
memory (VmHWM) for a 256 MiB and a 1 GiB upload, each in a fresh server, to show it flat in file size.

    .venv/bin/python -m bench.evidence                  # 256 MiB and 1 GiB
    BENCH_EVIDENCE_MIB=64,256 .venv/bin/python -m bench.evidence

Writes bench/results/evidence.txt. The server and its database live in a temporary folder; the
demo data gives it an officer and an open case.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
MIB = 1024 * 1024
CHUNK = MIB
SIZES_MIB = [int(s) for s in os.environ.get("BENCH_EVIDENCE_MIB", "256,1024").split(",")]
OFFICER = "scjg_officer"


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SANXIANG_DATA_DIR=str(data_dir),
        DATABASE_URL=f"sqlite:///{data_dir}/bench.sqlite3",
        BLOB_ROOT=str(data_dir / "blobs"),
        DJANGO_SETTINGS_MODULE="config.settings",
        SANXIANG_DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def _demo_password() -> str:
    text = (ROOT / "sanxiang" / "accounts" / "demo_data.py").read_text(encoding="utf-8")
    match = re.search(r'DEMO_PASSWORD\s*=\s*"([^"]+)"', text)
    assert match, "DEMO_PASSWORD not found in sanxiang/accounts/demo_data.py"
    return match.group(1)


def make_source(path: Path, size: int) -> None:
    """Incompressible bytes (a repeated random MiB would do for hashing, but not for a smart disk)."""
    with open(path, "wb") as out:
        left = size
        while left:
            n = min(CHUNK, left)
            out.write(os.urandom(n))
            left -= n


def reference(source: Path, folder: Path, size: int) -> tuple[float, str]:
    """One pass: read, SHA-256, write, fsync, rename — the least any ingest has to do."""
    digest = hashlib.sha256()
    target = folder / f"reference-{uuid.uuid4().hex}"
    start = time.perf_counter()
    with open(source, "rb") as src, open(target, "wb") as out:
        buffer = bytearray(CHUNK)
        view = memoryview(buffer)
        left = size
        while left:
            n = src.readinto(view[: min(CHUNK, left)])
            if not n:
                break
            digest.update(view[:n])
            out.write(view[:n])
            left -= n
        out.flush()
        os.fsync(out.fileno())
    os.replace(target, folder / f"reference-{digest.hexdigest()}")
    elapsed = time.perf_counter() - start
    (folder / f"reference-{digest.hexdigest()}").unlink()
    return elapsed, digest.hexdigest()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(VENV / "gunicorn"), "config.wsgi", "--workers", "1", "--worker-class", "sync",
                "--timeout", "900", "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
            ],
            cwd=ROOT,
            env=_env(data_dir),
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/accounts/login/")
                conn.getresponse().read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def worker_pid(self) -> int:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return int(children[0])

    def worker_peak_mib(self) -> float:
        status = Path(f"/proc/{self.worker_pid()}/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class Browser:
    """Just enough of one: cookies, the CSRF token, a form login."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def _conn(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=900)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        return {**headers, **(extra or {})}

    def _keep(self, response: http.client.HTTPResponse) -> None:
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def get(self, path: str) -> tuple[int, bytes]:
        conn = self._conn()
        conn.request("GET", path, headers=self._headers())
        response = conn.getresponse()
        body = response.read()
        self._keep(response)
        return response.status, body

    def login(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        )
        conn = self._conn()
        conn.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers=self._headers({"Content-Type": "application/x-www-form-urlencoded"}),
        )
        response = conn.getresponse()
        response.read()
        self._keep(response)
        assert response.status == 302, f"login failed: {response.status}"

    def upload(self, path: str, source: Path, size: int) -> tuple[float, dict[str, object]]:
        """Multipart, streamed from disk in 1 MiB chunks with a Content-Length (as a browser does)."""
        boundary = f"----sanxiang{uuid.uuid4().hex}"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nelectronic\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nbench\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="bench.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        conn = self._conn()
        start = time.perf_counter()
        conn.putrequest("POST", path)
        for name, value in self._headers(
            {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(len(head) + size + len(tail)),
                "X-CSRFToken": self.cookies["csrftoken"],
            }
        ).items():
            conn.putheader(name, value)
        conn.endheaders()
        conn.send(head)
        for chunk in _chunks(source, size):
            conn.send(chunk)
        conn.send(tail)
        response = conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - start
        assert response.status == 201, (response.status, body[:500])
        return elapsed, json.loads(body)


def _chunks(source: Path, size: int) -> Iterator[bytes]:
    with open(source, "rb") as src:
        left = size
        while left:
            data = src.read(min(CHUNK, left))
            if not data:
                return
            left -= len(data)
            yield data


def _open_case(browser: Browser) -> int:
    status, body = browser.get("/api/v1/cases?limit=100")
    assert status == 200, status
    for row in json.loads(body)["items"]:
        if row["state"] not in {"closed", "not_filed"}:
            return int(row["id"])
    raise RuntimeError("the demo has no open case")


def run() -> list[str]:
    folder = Path(tempfile.mkdtemp(prefix="sanxiang-bench-evidence-"))
    rows: list[str] = []
    try:
        env = _env(folder)
        subprocess.run([str(VENV / "sanxiang"), "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [str(VENV / "sanxiang"), "demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        (folder / "blobs").mkdir(exist_ok=True)
        source = folder / "source.bin"
        make_source(source, max(SIZES_MIB) * MIB)
        password = _demo_password()
        rows.append("size       reference   upload (HTTP)   ratio   server peak RSS")
        for mib in SIZES_MIB:
            size = mib * MIB
            # Earlier writes are flushed before each timed pass, so none pays for another's dirty
            # pages; the reference runs before and after the upload and the two are averaged.
            os.sync()
            ref_before, ref_digest = reference(source, folder / "blobs", size)
            server = Server(folder)
            try:
                browser = Browser(server.port)
                browser.login(OFFICER, password)
                case_id = _open_case(browser)
                idle = server.worker_peak_mib()
                os.sync()
                elapsed, answer = browser.upload(f"/api/v1/evidence/cases/{case_id}/items", source, size)
                peak = server.worker_peak_mib()
            finally:
                server.stop()
            os.sync()
            ref_after, _digest = reference(source, folder / "blobs", size)
            ref_time = (ref_before + ref_after) / 2
            items = answer["items"]
            assert isinstance(items, list) and items[0]["sha256"] == ref_digest, (
                "digest differs from reference"
            )
            ref_rate = size / ref_time / MIB
            rate = size / elapsed / MIB
            rows.append(
                f"{mib:5d} MiB  {ref_rate:7.0f} MB/s  {rate:9.0f} MB/s     {rate / ref_rate:5.2f}   "
                f"{peak:6.1f} MiB (idle after login {idle:5.1f} MiB)"
            )
            for blob in (folder / "blobs" / "sha256").rglob("*"):
                if blob.is_file():
                    blob.chmod(0o600)
                    blob.unlink()  # the next size starts from an empty store
        rows.append(
            "ratio = upload throughput / one-pass read+SHA-256+write+fsync throughput (aim >= 0.8); "
            "peak RSS = gunicorn worker VmHWM (aim < 200 MiB, flat in file size)"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report = "\n".join(["Evidence ingest through the real upload path (issue 5)", *rows])
    print(report)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "evidence.txt").write_text(report + "\n", encoding="utf-8")
    return rows


if __name__ == "__main__":
    run()
    sys.exit(0)
