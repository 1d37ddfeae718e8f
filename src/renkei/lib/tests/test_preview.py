"""Drawing previews: real small files made here, converted in the sandboxed child process."""

import os
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from renkei.lib.preview import CONVERTER_VERSION, Limits, make_preview, preview_kind, samples
from renkei.lib.preview.base import THUMBNAIL_PX

# Small limits for the hostile files: each must be stopped well within the test's patience.
HOSTILE = Limits(seconds=2.0, memory_mb=1024)
# For files that must come back "unreadable": time enough for a loaded machine to start the
# converter, so that only the file decides the answer.
PATIENT = Limits(seconds=60.0, memory_mb=1024)


def _children() -> set[int]:
    """Processes whose parent is this test process (a stray converter would be one; compare
    with the set before the conversion: a test runner may keep helpers of its own)."""
    mine = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                mine.add(int(entry.name))
    return mine


def _assert_real_thumbnail(path: Path | None) -> None:
    assert path is not None and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(path) as image:
        assert max(image.size) <= THUMBNAIL_PX
        low, high = zip(*image.convert("RGB").getextrema(), strict=True)
        assert max(high) - min(low) > 40, "the thumbnail is all one colour"


def test_preview_kinds_follow_the_drawing_kinds():
    assert [preview_kind(k) for k in ("pdf", "dxf", "step", "iges", "stl", "png", "jpeg")] == [
        "pdf", "dxf", "mesh", "mesh", "mesh", "image", "image",
    ]  # fmt: skip
    assert preview_kind("dwg") is None and preview_kind("zip") is None
    assert CONVERTER_VERSION >= 1


def test_a_pdf_gets_a_png_per_page_and_its_first_page_as_thumbnail(tmp_path):
    src = samples.pdf_pages(tmp_path / "sheets.pdf", pages=3)
    preview = make_preview(src, "pdf", tmp_path / "out")
    assert preview.ok and preview.error == "" and preview.kind == "pdf"
    assert preview.page_count == 3 and len(preview.pages) == 3
    for page in preview.pages:
        with Image.open(page) as image:
            assert image.format == "PNG" and 1500 <= image.width <= 1700
    _assert_real_thumbnail(preview.thumbnail)
    assert preview.peak_rss_mb > 10 and preview.seconds > 0


def test_only_max_pages_are_drawn_but_all_are_counted(tmp_path):
    src = samples.pdf_pages(tmp_path / "sheets.pdf", pages=3)
    preview = make_preview(src, "pdf", tmp_path / "out", Limits(max_pages=1))
    assert preview.ok and preview.page_count == 3 and len(preview.pages) == 1


def test_a_step_box_written_by_hand_is_meshed_by_occt_with_its_size_in_mm(tmp_path):
    src = samples.step_box(tmp_path / "box.step", size=(10.0, 20.0, 30.0))
    preview = make_preview(src, "step", tmp_path / "out")
    assert preview.ok, preview.error
    assert preview.mesh_format == "glb" and preview.mesh is not None
    assert preview.mesh.read_bytes()[:4] == b"glTF"
    assert preview.bbox_mm == pytest.approx((10.0, 20.0, 30.0), abs=1e-3)
    _assert_real_thumbnail(preview.thumbnail)


def test_an_stl_binary_or_ascii_gives_a_binary_stl_and_its_size(tmp_path):
    binary = samples.stl_box(tmp_path / "box.stl", size=(40.0, 5.0, 12.5))
    triangles = samples.box_triangles((40.0, 5.0, 12.5))
    ascii_stl = tmp_path / "ascii.stl"
    facets = "".join(
        "facet normal 0 0 0\nouter loop\n"
        + "".join(f"vertex {x} {y} {z}\n" for x, y, z in t)
        + "endloop\nendfacet\n"
        for t in triangles
    )
    ascii_stl.write_text(f"solid box\n{facets}endsolid box\n")
    for src in (binary, ascii_stl):
        preview = make_preview(src, "stl", tmp_path / src.stem)
        assert preview.ok and preview.mesh_format == "stl", preview.error
        assert preview.mesh is not None and preview.mesh.stat().st_size == 84 + 50 * 12
        assert preview.bbox_mm == pytest.approx((40.0, 5.0, 12.5))
        _assert_real_thumbnail(preview.thumbnail)


def test_a_shift_jis_dxf_shows_its_japanese_text(tmp_path):
    src = samples.dxf_japanese(tmp_path / "bracket.dxf")
    raw = src.read_bytes()
    assert b"ANSI_932" in raw and "部品図".encode("cp932") in raw
    preview = make_preview(src, "dxf", tmp_path / "out")
    assert preview.ok and preview.kind == "dxf", preview.error
    svg = preview.pages[0].read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg
    assert "部品図 ブラケット SS400" in svg  # decoded from Shift_JIS, not mojibake
    assert preview.bbox_mm == pytest.approx((120.0, 80.0, 0.0), abs=0.5)
    _assert_real_thumbnail(preview.thumbnail)


def test_shift_jis_text_in_a_dxf_that_declares_the_western_code_page_is_read(tmp_path):
    src = samples.dxf_japanese(tmp_path / "bracket.dxf")
    src.write_bytes(src.read_bytes().replace(b"ANSI_932", b"ANSI_1252"))
    preview = make_preview(src, "dxf", tmp_path / "out")
    assert preview.ok and "部品図" in preview.pages[0].read_text(encoding="utf-8")


def test_a_png_gets_a_thumbnail(tmp_path):
    preview = make_preview(samples.png_image(tmp_path / "photo.png"), "png", tmp_path / "out")
    assert preview.ok and preview.kind == "image" and preview.page_count == 1
    _assert_real_thumbnail(preview.thumbnail)
    assert preview.pages == () and preview.mesh is None


def _endless(fifo: Path, chunk: bytes) -> None:
    """Writes a STEP file's DATA section into ``fifo`` for as long as someone reads it."""
    try:
        with fifo.open("wb") as stream:
            while True:
                stream.write(chunk)
    except OSError:  # the reader was stopped: the pipe is broken
        pass


def test_a_step_file_that_never_ends_is_stopped_by_the_limits(tmp_path):
    # A named pipe that is written for ever: the file really never ends, whatever the speed of
    # the machine (a finite file might be read to its end before the time limit).
    head = samples.step_never_ending(tmp_path / "head.step", points=10).read_bytes()
    src = tmp_path / "endless.step"
    os.mkfifo(src)
    before = _children()
    writer = threading.Thread(target=_endless, args=(src, head * 50), daemon=True)
    writer.start()
    started = time.monotonic()
    preview = make_preview(src, "step", tmp_path / "out", HOSTILE)
    assert not preview.ok and preview.error in {"timeout", "memory"}
    assert time.monotonic() - started < HOSTILE.seconds + 5
    assert _children() - before == set()
    assert list((tmp_path / "out").iterdir()) == []  # nothing half-written is left


def test_an_stl_header_claiming_a_gigabyte_is_refused_before_reading(tmp_path):
    src = samples.stl_claiming_a_gigabyte(tmp_path / "huge.stl")
    preview = make_preview(src, "stl", tmp_path / "out", PATIENT)
    # The header promises 1 GB that the 134-byte file does not hold: refused, nothing allocated.
    assert not preview.ok and preview.error == "unreadable"
    assert preview.peak_rss_mb < 300


def test_a_dxf_of_a_million_entities_is_refused_before_it_is_parsed(tmp_path):
    src = samples.dxf_many_entities(tmp_path / "million.dxf", lines=1_000_000)
    before = _children()
    preview = make_preview(src, "dxf", tmp_path / "out", PATIENT)
    assert not preview.ok and preview.error == "too_many_entities"
    assert _children() - before == set()


def test_a_dxf_within_the_entity_limit_is_drawn(tmp_path):
    src = samples.dxf_many_entities(tmp_path / "some.dxf", lines=2000)
    preview = make_preview(src, "dxf", tmp_path / "out", Limits(max_entities=5000))
    assert preview.ok, preview.error
    assert preview.bbox_mm == pytest.approx((999.0, 1.0, 0.0))


def test_a_truncated_pdf_and_random_bytes_are_unreadable(tmp_path):
    whole = samples.pdf_pages(tmp_path / "whole.pdf").read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(whole[: len(whole) // 3])
    noise = tmp_path / "noise.bin"
    noise.write_bytes(os.urandom(20_000))
    cases = [(truncated, "pdf")] + [(noise, kind) for kind in ("pdf", "dxf", "step", "stl", "png")]
    before = _children()
    for src, kind in cases:
        preview = make_preview(src, kind, tmp_path / f"out-{kind}", PATIENT)
        assert (preview.ok, preview.error) == (False, "unreadable"), (src.name, kind)
        assert preview.thumbnail is None and preview.pages == ()
    assert _children() - before == set()


def test_the_memory_limit_stops_a_conversion_that_needs_more(tmp_path):
    src = samples.pdf_pages(tmp_path / "sheets.pdf")
    preview = make_preview(src, "pdf", tmp_path / "out", Limits(memory_mb=40))
    assert not preview.ok and preview.error in ("memory", "unreadable")


def test_a_drawing_kind_without_a_converter_is_unsupported(tmp_path):
    src = tmp_path / "part.dwg"
    src.write_bytes(b"AC1032" + b"\0" * 100)
    preview = make_preview(src, "dwg", tmp_path / "out")
    assert (preview.ok, preview.error) == (False, "unsupported")
