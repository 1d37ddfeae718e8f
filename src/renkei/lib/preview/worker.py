"""``python -m renkei.lib.preview.worker SRC KIND OUT_DIR LIMITS_JSON``: one conversion.

Sets its resource limits before it reads anything, converts, and prints one JSON object on its
last line: ``{"ok": true, "thumbnail": …, "pages": […], …}`` or ``{"ok": false, "error": code}``.
The parent (sandbox.py) trusts nothing it says: names are checked to be files in OUT_DIR.
"""

import json
import math
import resource
import sys
import traceback
from dataclasses import asdict
from pathlib import Path

from renkei.lib.preview import Limits, preview_kind
from renkei.lib.preview.base import Output, PreviewError

MB = 2**20


def apply_limits(limits: Limits) -> None:
    memory = limits.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = math.ceil(limits.seconds) + 1  # the wall clock normally strikes first
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    size = limits.max_output_mb * MB
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def convert(src: Path, drawing_kind: str, out_dir: Path, limits: Limits) -> Output:
    """The conversion itself, in this process (the benchmark's baseline calls it directly)."""
    kind = preview_kind(drawing_kind)
    if kind == "pdf":
        from renkei.lib.preview.pdf import convert_pdf

        return convert_pdf(src, out_dir, limits.max_pages)
    if kind == "image":
        from renkei.lib.preview.image import convert_image

        return convert_image(src, out_dir)
    if kind == "dxf":
        from renkei.lib.preview.dxf import convert_dxf

        return convert_dxf(src, out_dir, limits.max_entities)
    if kind == "mesh":
        from renkei.lib.preview.mesh import convert_mesh

        return convert_mesh(src, drawing_kind, out_dir)
    raise PreviewError("unsupported")


def _high_water_kb() -> int:
    """This process's peak RSS since its exec (getrusage would include the parent's pages)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def main(argv: list[str]) -> int:
    src, drawing_kind, out_dir, limits_json = argv
    limits = Limits(**json.loads(limits_json))
    apply_limits(limits)
    result: dict[str, object]
    try:
        output = convert(Path(src), drawing_kind, Path(out_dir), limits)
        result = {"ok": True, **asdict(output)}
    except PreviewError as error:
        result = {"ok": False, "error": error.code}
    except MemoryError:
        result = {"ok": False, "error": "memory"}
    except Exception:  # a hostile file may break a parser anywhere: it is simply unreadable
        traceback.print_exc(limit=5)
        result = {"ok": False, "error": "unreadable"}
    result["peak_kb"] = _high_water_kb()
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
