"""Previews of customers' drawings, made in a sandboxed child process, with no Django import.

``make_preview(src, drawing_kind, out_dir)`` turns an accepted drawing into what a browser can
show: PDF pages as PNGs, a DXF as one SVG, STEP/IGES as a GLB mesh and STL as binary STL (both
with their bounding box in mm), an image as itself; and, for each, a PNG thumbnail. A drawing is
a stranger's file, so the work runs in ``python -m renkei.lib.preview.worker`` with limits on
wall time, CPU, address space and written bytes (``Limits``), and a bad or hostile file comes
back as ``ok=False`` with a short error code, never an exception: the drawing still downloads.
"""

from dataclasses import dataclass
from pathlib import Path

# Bumped whenever the files made change (size, format, content), so the app redoes old previews.
CONVERTER_VERSION = 1

ERRORS = ("timeout", "memory", "unreadable", "too_large", "too_many_entities", "unsupported")

_KINDS = {
    "pdf": "pdf",
    "dxf": "dxf",
    "step": "mesh",
    "iges": "mesh",
    "stl": "mesh",
    "png": "image",
    "jpeg": "image",
}


@dataclass(frozen=True)
class Limits:
    seconds: float = 60.0  # wall clock for one conversion (the child is killed after it)
    memory_mb: int = 1536  # RLIMIT_AS of the child process
    max_pages: int = 20  # PDF pages rendered (the rest only counted)
    max_entities: int = 200_000  # DXF entities drawn
    max_output_mb: int = 100  # RLIMIT_FSIZE of the child


@dataclass(frozen=True)
class Preview:
    ok: bool
    kind: str  # "pdf" | "dxf" | "mesh" | "image"
    thumbnail: Path | None  # PNG, at most 480 px on the long side, in out_dir
    pages: tuple[Path, ...]  # PDF: one PNG per rendered page; DXF: one SVG
    page_count: int  # pages in the PDF (also those not rendered); 1 for others
    mesh: Path | None  # GLB for STEP/IGES, binary STL for STL (in out_dir)
    mesh_format: str  # "glb" | "stl" | ""
    bbox_mm: tuple[float, float, float] | None  # size along x, y, z in mm (DXF: x, y, 0)
    error: str  # "" or one of ERRORS
    seconds: float  # wall time of the conversion
    peak_rss_mb: float  # peak RSS of the child


def preview_kind(drawing_kind: str) -> str | None:
    """The converter for a Drawing.kind, or None when nothing can be previewed (dwg, zip)."""
    return _KINDS.get(drawing_kind)


def make_preview(src: Path, drawing_kind: str, out_dir: Path, limits: Limits = Limits()) -> Preview:
    """The preview of ``src`` written into ``out_dir``; never raises for a bad file."""
    from renkei.lib.preview.sandbox import run_worker

    return run_worker(Path(src), drawing_kind, Path(out_dir), limits)


__all__ = [
    "CONVERTER_VERSION",
    "ERRORS",
    "Limits",
    "Preview",
    "make_preview",
    "preview_kind",
]
