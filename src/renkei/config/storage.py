"""Where uploaded files live: the data dir's `files/` on one machine, or an S3-compatible bucket
when several machines serve one platform (RENKEI_S3_BUCKET set).

Either way no file has a public URL: the permission-checked views open the stored object and
stream it (and audit the download), so a bucket needs no public policy and must not have one.
"""

from typing import Any

from renkei.config.env import env_int, env_str

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


def default_storage_config() -> dict[str, Any]:
    """STORAGES["default"] from the environment."""
    bucket = env_str("RENKEI_S3_BUCKET")
    if not bucket:
        return {"BACKEND": FILESYSTEM}
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": env_str("RENKEI_S3_ENDPOINT_URL") or None,
        "access_key": env_str("RENKEI_S3_ACCESS_KEY_ID") or None,
        "secret_key": env_str("RENKEI_S3_SECRET_ACCESS_KEY") or None,
        "region_name": env_str("RENKEI_S3_REGION") or None,
        # A prefix inside the bucket, so that one bucket may hold several platforms' files.
        "location": env_str("RENKEI_S3_PREFIX").strip("/"),
        # Objects stay private: no ACL header (the bucket's own policy, which must deny public
        # reads), and a name already taken gets a new one rather than overwriting a drawing.
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        "querystring_expire": env_int("RENKEI_S3_URL_SECONDS", 60),
        # Path-style addressing works with every S3-compatible server (SeaweedFS, MinIO, Ceph)
        # and with AWS; virtual-host style needs a DNS name per bucket.
        "addressing_style": env_str("RENKEI_S3_ADDRESSING_STYLE", "path"),
        "signature_version": "s3v4",
        # Files above this are read into a temporary file on disk, not into memory.
        "max_memory_size": 2 * 1024 * 1024,
    }
    return {"BACKEND": S3, "OPTIONS": options}
