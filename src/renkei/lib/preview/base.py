"""What every converter shares: its result, its refusal and the thumbnail it saves."""

from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

THUMBNAIL_PX = 480  # the long side of every thumbnail (the contract with the previews app)


class PreviewError(Exception):
    """A file refused on purpose; ``code`` is one of renkei.lib.preview.ERRORS."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Output:
    """What a converter made: file names relative to out_dir, so the parent checks them."""

    thumbnail: str | None = None
    pages: list[str] = field(default_factory=list)
    page_count: int = 1
    mesh: str | None = None
    mesh_format: str = ""
    bbox_mm: tuple[float, float, float] | None = None


def save_thumbnail(image: Image.Image, path: Path) -> str:
    """Writes ``image`` shrunk to THUMBNAIL_PX on its long side as an RGB PNG; its file name."""
    thumb = image.copy()
    if thumb.mode in ("RGBA", "LA", "P"):
        rgba = thumb.convert("RGBA")
        thumb = Image.new("RGB", rgba.size, "white")
        thumb.paste(rgba, mask=rgba.getchannel("A"))
    elif thumb.mode != "RGB":
        thumb = thumb.convert("RGB")
    thumb.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX), Image.Resampling.LANCZOS)
    thumb.save(path, "PNG", optimize=True)
    return path.name
