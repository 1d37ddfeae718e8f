"""Checking uploaded photos and videos by their content, not their name."""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from renkei.lib import drawingcheck

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = drawingcheck.MAX_IMAGE_PIXELS  # why 50 MP: see there
MAX_VIDEO_BYTES = 200 * 1024 * 1024
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    content_type: str
    width: int | None = None
    height: int | None = None


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def check_image(upload: UploadedFile) -> CheckedFile:
    """A JPEG, PNG, WebP or GIF that decodes in full, at most 10 MB and 50 megapixels."""
    size = upload.size or 0
    name = upload.name or ""
    if size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The photo “%(name)s” is too large (%(size)s); the limit is %(max)s.")
            % {"name": name, "size": f"{size / 1048576:.1f} MB", "max": _mb(MAX_IMAGE_BYTES)}
        )
    upload.seek(0)
    data = io.BytesIO(upload.read())
    upload.seek(0)
    try:
        kind, width, height = drawingcheck.check_image(
            data, set(IMAGE_TYPES), max_pixels=MAX_IMAGE_PIXELS
        )
    except drawingcheck.DrawingRejected as rejected:
        if rejected.code == "pixels":
            raise ValidationError(
                _(
                    "The photo “%(name)s” has too many pixels (at most %(max)s million): "
                    "send a smaller picture."
                )
                % {"name": name, "max": rejected.params["max"]}
            ) from None
        raise ValidationError(
            _("“%(name)s” is not a photo we can show: send a JPEG, PNG, WebP or GIF image.")
            % {"name": name}
        ) from None
    return CheckedFile("image", IMAGE_TYPES[kind], width, height)


def _video_type(head: bytes) -> str | None:
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "video/mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "video/webm"
    return None


def check_video(upload: UploadedFile) -> CheckedFile:
    """An MP4 or WebM file (by its signature), at most 200 MB."""
    size = upload.size or 0
    name = upload.name or ""
    if size > MAX_VIDEO_BYTES:
        raise ValidationError(
            _("The video “%(name)s” is too large (%(size)s); the limit is %(max)s.")
            % {"name": name, "size": f"{size / 1048576:.1f} MB", "max": _mb(MAX_VIDEO_BYTES)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = _video_type(head)
    if content_type is None:
        raise ValidationError(
            _("“%(name)s” is not a video we can show: send an MP4 or WebM file, or a link.")
            % {"name": name}
        )
    return CheckedFile("video", content_type)
