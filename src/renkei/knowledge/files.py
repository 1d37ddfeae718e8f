"""Checking uploaded photos and videos by their content, not their name."""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
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
    """A JPEG, PNG, WebP or GIF that Pillow can read, at most 10 MB and 40 megapixels."""
    size = upload.size or 0
    name = upload.name or ""
    if size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The photo “%(name)s” is too large (%(size)s); the limit is %(max)s.")
            % {"name": name, "size": f"{size / 1048576:.1f} MB", "max": _mb(MAX_IMAGE_BYTES)}
        )
    upload.seek(0)
    head = upload.read()
    upload.seek(0)
    try:
        with Image.open(io.BytesIO(head)) as image:
            kind = image.format or ""
            width, height = image.size
            if kind not in IMAGE_TYPES or width * height > MAX_IMAGE_PIXELS:
                raise UnidentifiedImageError
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
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
