"""Running one conversion in a child process the drawing cannot escape from.

The child is ``python -m renkei.lib.preview.worker`` in a session (and so a process group) of its
own. It sets its own resource limits first thing, before it opens the file: RLIMIT_AS (memory),
RLIMIT_CPU (a backstop to the wall clock), RLIMIT_FSIZE (bytes written) and no core dumps. They
are set there rather than in ``preexec_fn`` because the task worker that calls us runs threads,
and ``preexec_fn`` is unsafe after fork in a threaded parent. The peak RSS is the child's
``VmHWM`` in /proc, read while it runs: the rusage of a child (``wait4``, ``RUSAGE_CHILDREN``)
counts the parent's pages the child held between fork and exec, so a child of a big task worker
would seem as big as it. The parent kills the whole group when the wall clock runs out, so that
nothing the converter started outlives it.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import renkei
from renkei.lib.preview import ERRORS, Limits, Preview, preview_kind

# Signals the kernel sends for the limits: CPU time used up, a file grown past RLIMIT_FSIZE.
_SIGNAL_ERRORS = {signal.SIGXCPU: "timeout", signal.SIGXFSZ: "too_large"}
_MEMORY_WORDS = (b"MemoryError", b"bad_alloc", b"Cannot allocate memory", b"out of memory")


def run_worker(src: Path, drawing_kind: str, out_dir: Path, limits: Limits) -> Preview:
    kind = preview_kind(drawing_kind) or ""
    started = time.perf_counter()
    if not kind:
        return _failed(kind, "unsupported", started, 0.0)
    out_dir.mkdir(parents=True, exist_ok=True)
    before = set(out_dir.iterdir())
    command = [sys.executable, "-m", "renkei.lib.preview.worker", str(src), drawing_kind]
    command += [str(out_dir), json.dumps(asdict(limits))]
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        # Files, not pipes: a chatty child can never block on a full pipe while we poll.
        child = subprocess.Popen(  # noqa: S603 — our own module, arguments as a list
            command,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
            close_fds=True,
            env=_child_env(),
        )
        status, peak_rss_mb, timed_out = _wait(child, limits.seconds)
        stdout.seek(0)
        output = stdout.read(1_000_000)
        stderr.seek(0)
        errors = stderr.read(200_000)
    preview = _read_result(kind, out_dir, output, status, errors, timed_out, started, peak_rss_mb)
    if not preview.ok:
        _remove_new_files(out_dir, before)
    return preview


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    package_root = str(Path(renkei.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    # One thread each: the limits then bound one core, and threads' arenas do not eat RLIMIT_AS.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = "1"
    env["MALLOC_ARENA_MAX"] = "2"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _wait(child: "subprocess.Popen[bytes]", seconds: float) -> tuple[int, float, bool]:
    """(wait status, peak RSS in MB, killed by the wall clock) once the child is reaped."""
    deadline = time.monotonic() + seconds
    pause = 0.002
    timed_out = False
    peak_kb = 0
    status_file = Path(f"/proc/{child.pid}/status")
    try:
        while True:
            peak_kb = max(peak_kb, _high_water_kb(status_file))
            pid, status = os.waitpid(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() >= deadline:
                _kill_group(child.pid)
                timed_out = True
                pid, status = os.waitpid(child.pid, 0)
                break
            time.sleep(pause)
            pause = min(pause * 1.5, 0.05)
    except BaseException:
        _kill_group(child.pid)
        child.wait()
        raise
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    # Anything the converter forked and left behind dies with its group.
    _kill_group(child.pid)
    return status, peak_kb / 1024, timed_out


def _high_water_kb(status_file: Path) -> int:
    """The child's peak resident memory so far (0 once it has exited, or before its exec)."""
    try:
        text = status_file.read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _read_result(
    kind: str,
    out_dir: Path,
    output: bytes,
    status: int,
    errors: bytes,
    timed_out: bool,
    started: float,
    peak_rss_mb: float,
) -> Preview:
    if timed_out:
        return _failed(kind, "timeout", started, peak_rss_mb)
    if os.WIFSIGNALED(status):
        code = _SIGNAL_ERRORS.get(signal.Signals(os.WTERMSIG(status)), "")
        if not code:
            code = "memory" if any(w in errors for w in _MEMORY_WORDS) else "unreadable"
        return _failed(kind, code, started, peak_rss_mb)
    try:
        result: dict[str, Any] = json.loads(output.decode().strip().splitlines()[-1])
    except (ValueError, IndexError, UnicodeDecodeError):
        code = "memory" if any(w in errors for w in _MEMORY_WORDS) else "unreadable"
        return _failed(kind, code, started, peak_rss_mb)
    reported = result.get("peak_kb")
    if isinstance(reported, int):
        peak_rss_mb = max(peak_rss_mb, reported / 1024)
    if not result.get("ok"):
        error = result.get("error")
        return _failed(kind, error if error in ERRORS else "unreadable", started, peak_rss_mb)
    try:
        return Preview(
            ok=True,
            kind=kind,
            thumbnail=_inside(out_dir, result.get("thumbnail")),
            pages=tuple(p for p in (_inside(out_dir, n) for n in result["pages"]) if p),
            page_count=int(result["page_count"]),
            mesh=_inside(out_dir, result.get("mesh")),
            mesh_format=str(result.get("mesh_format") or ""),
            bbox_mm=_bbox(result.get("bbox_mm")),
            error="",
            seconds=time.perf_counter() - started,
            peak_rss_mb=peak_rss_mb,
        )
    except (KeyError, TypeError, ValueError):
        return _failed(kind, "unreadable", started, peak_rss_mb)


def _inside(out_dir: Path, name: object) -> Path | None:
    """The file the child named, only if it is a plain file directly in out_dir."""
    if not isinstance(name, str) or not name or "/" in name or name.startswith("."):
        return None
    path = out_dir / name
    return path if path.is_file() else None


def _bbox(value: object) -> tuple[float, float, float] | None:
    if not isinstance(value, list) or len(value) != 3:
        return None
    x, y, z = (float(v) for v in value)
    return (x, y, z)


def _failed(kind: str, error: str, started: float, peak_rss_mb: float) -> Preview:
    return Preview(
        ok=False,
        kind=kind,
        thumbnail=None,
        pages=(),
        page_count=0,
        mesh=None,
        mesh_format="",
        bbox_mm=None,
        error=error,
        seconds=time.perf_counter() - started,
        peak_rss_mb=peak_rss_mb,
    )


def _remove_new_files(out_dir: Path, before: set[Path]) -> None:
    """A failed conversion leaves nothing half-written behind."""
    for path in set(out_dir.iterdir()) - before:
        if path.is_file() or path.is_symlink():
            path.unlink(missing_ok=True)
