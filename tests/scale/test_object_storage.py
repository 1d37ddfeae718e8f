"""Uploaded files in S3-compatible object storage (a real SeaweedFS on loopback): a drawing
sent through the window is an object in the bucket, never a file on the web machine's disk,
and reaches only those allowed, through the same audited views."""

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login, pdf_bytes
from renkei.core.models import AuditEntry
from renkei.inquiries.models import Inquiry
from renkei.inquiries.tests.conftest import upload
from renkei.inquiries.tests.test_window import WINDOW, form_data

# One SeaweedFS for the module (its session fixture), in one worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_object_storage")]


def _keys(s3, prefix: str) -> list[str]:
    return [key for key in s3.object_keys() if key.startswith(prefix)]


def test_a_drawing_sent_through_the_window_is_an_object_only_the_allowed_download(
    client, group, alice, bob, dave, object_storage, tmp_path
):
    drawing_bytes = pdf_bytes()
    response = client.post(WINDOW, form_data(files=[upload("図面 S3-1.pdf", drawing_bytes)]))
    assert response.status_code in (200, 302)
    inquiry = Inquiry.objects.get()
    drawing = inquiry.drawings.get()
    prefix = f"t/{tmp_path.name}/"
    keys = _keys(object_storage, prefix)
    assert prefix + drawing.file.name in keys
    assert not (tmp_path / "media-unused").exists() or not any(
        p.is_file() for p in (tmp_path / "media-unused").rglob("*")
    )
    body = object_storage.client().get_object(Bucket="renkei", Key=prefix + drawing.file.name)
    assert body["Body"].read() == drawing_bytes

    client.logout()
    url = reverse("inquiries:drawing", args=[group.slug, inquiry.pk, drawing.pk])
    for outsider in (bob, dave):
        login(client, outsider)
        assert client.get(url).status_code == 404
    login(client, alice)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == drawing_bytes
    assert AuditEntry.objects.filter(action="drawing.download", actor=alice).count() == 1


def test_the_bucket_needs_its_keys(object_storage):
    import boto3
    from botocore.exceptions import ClientError

    stranger = boto3.client(
        "s3",
        endpoint_url=object_storage.endpoint,
        aws_access_key_id="someone",
        aws_secret_access_key="else",
        region_name="us-east-1",
    )
    with pytest.raises(ClientError):
        stranger.list_objects_v2(Bucket="renkei")


@pytest.mark.django_db(databases="__all__")
def test_healthz_reads_the_bucket(client, object_storage, settings):
    body = client.get("/healthz").json()
    assert body["status"] == "ok", body
    assert body["storage"] == "ok"

    options = settings.STORAGES["default"]["OPTIONS"]
    settings.STORAGES = settings.STORAGES | {
        "default": settings.STORAGES["default"] | {"OPTIONS": options | {"bucket_name": "gone"}}
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "object storage: bucket gone unreachable (ClientError)" in response.json()["reason"]
