"""The catalogue as a PDF (core.pdf: A4, IPAex Gothic embedded as a subset, so an exhibition's
printer shows the very glyphs renkei drew), one edition per language."""

import datetime as dt
import io
import logging
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext as _

from renkei.catalogue import qr
from renkei.catalogue.entries import Member
from renkei.core import pdf
from renkei.core.pdf import LEFT, RIGHT, TOP, Column, Writer, draw_aligned
from renkei.orgs.models import CompanyPhoto, Group

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

log = logging.getLogger(__name__)

QR_SIZE = 92.0
PHOTO_WIDTH, PHOTO_HEIGHT = 130.0, 98.0
LABEL_WIDTH = 96.0


def render_catalogue(
    group: Group, members: list[Member], *, language: str, on: dt.date, window_url: str
) -> bytes:
    """The PDF of ``members``, with the QR code of ``window_url`` on its first page. Raises
    core.pdf.FontMissingError without a font."""
    with translation.override(language):
        title = _("Member catalogue")
        name = group.name_in_language

        def draw(writer: Writer) -> None:
            _cover(writer, group, name, title, on, window_url, count=len(members))
            for member in members:
                _member(writer, member)
            if not members:
                writer.paragraph(_("No member is listed in the catalogue yet."), size=10)

        return pdf.render(
            draw,
            title=f"{name} {title}",
            running_head=f"{name}  {title}",
            footer=f"{name}  {_('Printed on %(date)s') % {'date': _date(on)}}",
        )


def _date(day: dt.date) -> str:
    if translation.get_language() == "en":
        return day.isoformat()
    return f"{day.year}年{day.month}月{day.day}日"


def _cover(
    writer: Writer,
    group: Group,
    name: str,
    title: str,
    on: dt.date,
    window_url: str,
    *,
    count: int,
) -> None:
    canvas = writer.canvas
    text_width = RIGHT - LEFT - QR_SIZE - 16
    _qr(canvas, window_url, RIGHT - QR_SIZE, TOP - QR_SIZE)
    caption = _("Send us an inquiry")
    draw_aligned(canvas, caption, RIGHT - QR_SIZE / 2, TOP - QR_SIZE - 10, size=8, align="center")
    writer.paragraph(title, size=11, width=text_width)
    writer.paragraph(name, size=20, width=text_width, leading=27)
    if group.tagline and translation.get_language() == "ja":
        writer.paragraph(group.tagline, size=10, width=text_width)
    writer.space(4)
    writer.paragraph(
        _(
            "What each member can make, in which materials, how large and how precise, in which "
            "batches and how fast: to judge at a glance who can meet your order's requirements."
        ),
        size=9,
        width=text_width,
    )
    writer.paragraph(
        _("%(n)s member companies · certificates valid on %(date)s")
        % {"n": count, "date": _date(on)},
        size=9,
        width=text_width,
    )
    writer.y = min(writer.y, TOP - QR_SIZE - 18)
    writer.paragraph(window_url, size=7, x=LEFT, width=RIGHT - LEFT, align="right")
    writer.space(6)
    _rule(writer, 1.0)
    writer.space(10)


def _qr(canvas: "Canvas", url: str, x: float, y: float) -> None:
    """The QR code as vector squares (sharp at any printer's resolution), one rectangle per run
    of dark modules in a row; ``(x, y)`` is its lower left corner."""
    matrix = qr.code(url).matrix
    border = 2
    modules = len(matrix) + 2 * border
    step = QR_SIZE / modules
    canvas.setFillGray(1)
    canvas.rect(x, y, QR_SIZE, QR_SIZE, stroke=0, fill=1)
    canvas.setFillGray(0)
    for row_index, row in enumerate(matrix):
        top = y + QR_SIZE - (row_index + border) * step
        column = 0
        while column < len(row):
            if not row[column] & 1:
                column += 1
                continue
            start = column
            while column < len(row) and row[column] & 1:
                column += 1
            left = x + (start + border) * step
            # A hair wider than the module, so that no white seam shows between runs.
            canvas.rect(
                left, top - step, (column - start) * step + 0.05, step + 0.05, stroke=0, fill=1
            )


def _member(writer: Writer, member: Member) -> None:
    writer.need(150)
    top = writer.y
    photo = _photo(member.photo) if member.photo else None
    text_width = RIGHT - LEFT - (PHOTO_WIDTH + 12 if photo else 0)
    if photo is not None:
        image, width, height = photo
        writer.canvas.drawImage(
            image, RIGHT - width, top - height, width, height, preserveAspectRatio=True
        )
    writer.paragraph(member.name, size=13, width=text_width, leading=18)
    if member.subtitle:
        writer.canvas.setFillGray(0.35)
        writer.paragraph(member.subtitle, size=8.5, width=text_width)
        writer.canvas.setFillGray(0)
    if member.profile:
        writer.paragraph(member.profile, size=9, width=text_width)
    if photo is not None:
        writer.y = min(writer.y, top - photo[2] - 6)
    writer.space(2)
    columns = [Column("", LABEL_WIDTH), Column("", RIGHT - LEFT - LABEL_WIDTH)]
    writer.table(columns, [[f.label, f.value] for f in member.facts], size=8.5, header=False)
    writer.space(16)


def _photo(photo: CompanyPhoto) -> tuple[object, float, float] | None:
    """The member's first photo, made small (a catalogue of forty members stays a file one can
    mail), with its printed size; None if the file cannot be read (the entry prints without)."""
    from PIL import Image, UnidentifiedImageError
    from reportlab.lib.utils import ImageReader

    try:
        with photo.image.open("rb") as handle, Image.open(handle) as source:
            picture = source.convert("RGB")
    except (OSError, ValueError, UnidentifiedImageError):
        log.warning("catalogue: photo %s could not be read", photo.pk)
        return None
    picture.thumbnail((520, 400))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82)
    buffer.seek(0)
    scale = min(PHOTO_WIDTH / picture.width, PHOTO_HEIGHT / picture.height)
    return ImageReader(buffer), picture.width * scale, picture.height * scale


def _rule(writer: Writer, weight: float) -> None:
    canvas = writer.canvas
    canvas.setLineWidth(weight)
    canvas.setStrokeGray(0.45)
    canvas.line(LEFT, writer.y, RIGHT, writer.y)
    canvas.setStrokeGray(0)
