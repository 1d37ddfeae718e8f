"""`renkei bench preview`: drawing preview conversion time and memory, per format.

It writes one small real file of each format into a temporary folder (a 3-page PDF, a Shift_JIS
DXF, a STEP box, a binary STL, a PNG: renkei.lib.preview.samples), converts each ``--repeat``
times through ``make_preview`` (the sandboxed child process) and prints the median wall time and
the child's peak RSS. The baseline, in the same run and on the same file, is the same conversion
in this process without the sandbox (``sandbox_overhead_ms`` is the difference of the medians:
the cost of starting Python and the converter's libraries in a fresh process), and the time to
merely read the file.
"""

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from renkei.lib.preview import Limits, make_preview, samples
from renkei.lib.preview.worker import convert

FORMATS: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "pdf": ("pdf", lambda folder: samples.pdf_pages(folder / "sheets.pdf", pages=3)),
    "dxf": ("dxf", lambda folder: samples.dxf_japanese(folder / "bracket.dxf")),
    "step": ("step", lambda folder: samples.step_box(folder / "box.step")),
    "stl": ("stl", lambda folder: samples.stl_box(folder / "box.stl")),
    "png": ("png", lambda folder: samples.png_image(folder / "photo.png")),
}


def add_arguments(parser: Any) -> None:
    parser.add_argument("--repeat", type=int, default=5, help="conversions per format")


def _median_ms(times: list[float]) -> float:
    return round(statistics.median(times) * 1000, 1)


def run(*, out: Callable[[str], Any], repeat: int = 5, **_options: Any) -> dict[str, Any]:
    repeat = max(1, int(repeat))
    limits = Limits()
    figures: dict[str, Any] = {"repeat": repeat, "formats": {}}
    with tempfile.TemporaryDirectory(prefix="renkei-bench-preview-") as name:
        folder = Path(name)
        for label, (kind, make) in FORMATS.items():
            src = make(folder)
            sandboxed, in_process, reads, peaks = [], [], [], []
            for run_index in range(repeat):
                started = time.perf_counter()
                src.read_bytes()
                reads.append(time.perf_counter() - started)
                preview = make_preview(src, kind, folder / f"{label}-{run_index}")
                if not preview.ok:
                    out(f"{label}: conversion failed ({preview.error})")
                sandboxed.append(preview.seconds)
                peaks.append(preview.peak_rss_mb)
                local = folder / f"{label}-{run_index}-local"
                local.mkdir()
                started = time.perf_counter()
                convert(src, kind, local, limits)
                in_process.append(time.perf_counter() - started)
            row = {
                "file_kb": round(src.stat().st_size / 1024, 1),
                "median_ms": _median_ms(sandboxed),
                "peak_rss_mb": round(max(peaks), 1),
                "baseline_in_process_ms": _median_ms(in_process),
                "baseline_read_ms": round(statistics.median(reads) * 1000, 3),
            }
            row["sandbox_overhead_ms"] = round(row["median_ms"] - row["baseline_in_process_ms"], 1)
            figures["formats"][label] = row
            out(
                f"{label:5} {row['file_kb']:>8} kB  median {row['median_ms']:>7} ms  "
                f"peak {row['peak_rss_mb']:>6} MB  "
                f"in-process {row['baseline_in_process_ms']:>7} ms  "
                f"read {row['baseline_read_ms']} ms"
            )
    return figures
