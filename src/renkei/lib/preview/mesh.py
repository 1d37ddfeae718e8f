"""STEP / IGES → GLB through OCCT (the cascadio wheel); STL read as it is and rewritten binary.

Both give the triangles in mm, from which come the bounding box and a server-side thumbnail.
OCCT writes glTF in metres (the glTF convention) from the STEP file's own length unit, so a GLB's
coordinates are multiplied by 1000. STL has no unit: millimetres, as every CAM tool assumes.
A binary STL says in its header how many triangles follow; that count is checked against the
file size before anything is read, so a header claiming a gigabyte costs nothing.
"""

import json
import re
import struct
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from renkei.lib.preview.base import Output, PreviewError, save_thumbnail
from renkei.lib.preview.render3d import render_triangles

# 2 million triangles = a 100 MB binary STL (twice the upload limit), ~1 GB of float64 work here.
MAX_TRIANGLES = 2_000_000
_STL_HEADER = 84
_STL_TRIANGLE = 50
_ASCII_VERTEX = re.compile(
    rb"vertex\s+([-+0-9.eE]+)\s+([-+0-9.eE]+)\s+([-+0-9.eE]+)", re.IGNORECASE
)
_GLB_MAGIC = b"glTF"
_COMPONENTS = {5121: np.uint8, 5123: np.uint16, 5125: np.uint32, 5126: np.float32}

Triangles = npt.NDArray[np.float64]  # shape (n, 3, 3): n triangles of 3 points (x, y, z) in mm


def convert_mesh(src: Path, drawing_kind: str, out_dir: Path) -> Output:
    if drawing_kind == "stl":
        triangles = read_stl(src)
        mesh = write_binary_stl(triangles, out_dir / "mesh.stl")
        mesh_format = "stl"
    else:
        import cascadio

        file_type: Literal["step", "iges"] = "iges" if drawing_kind == "iges" else "step"
        # Deflection relative to each edge's length: a 2 mm pin and a 2 m frame both get a mesh
        # fine enough to see and coarse enough to send; one thread keeps to one core.
        glb = cascadio.load(
            src.read_bytes(), file_type=file_type, tol_linear=0.01, tol_relative=True,
            tol_angular=0.5, use_parallel=False,
        )  # fmt: skip
        if not glb:
            raise PreviewError("unreadable")
        mesh = out_dir / "mesh.glb"
        mesh.write_bytes(glb)
        triangles = glb_triangles(glb) * 1000.0
        mesh_format = "glb"
    if len(triangles) == 0 or not np.isfinite(triangles).all():
        raise PreviewError("unreadable")
    size = triangles.reshape(-1, 3).max(axis=0) - triangles.reshape(-1, 3).min(axis=0)
    thumbnail = save_thumbnail(render_triangles(triangles), out_dir / "thumbnail.png")
    return Output(
        thumbnail=thumbnail,
        page_count=1,
        mesh=mesh.name,
        mesh_format=mesh_format,
        bbox_mm=(round(float(size[0]), 3), round(float(size[1]), 3), round(float(size[2]), 3)),
    )


def read_stl(src: Path) -> Triangles:
    size = src.stat().st_size
    with src.open("rb") as stream:
        head = stream.read(_STL_HEADER)
    if len(head) < _STL_HEADER:
        raise PreviewError("unreadable")
    (count,) = struct.unpack_from("<I", head, 80)
    if _STL_HEADER + _STL_TRIANGLE * count == size:
        return _binary_stl(src, count)
    if head.lstrip()[:5].lower() == b"solid":
        return _ascii_stl(src)
    if _STL_HEADER + _STL_TRIANGLE * count > size or count == 0:
        raise PreviewError("unreadable")  # the header promises more than the file holds
    return _binary_stl(src, count)  # some exporters pad the end: the header's count is read


def _binary_stl(src: Path, count: int) -> Triangles:
    if count > MAX_TRIANGLES:
        raise PreviewError("too_large")
    record = np.dtype([("normal", "<f4", 3), ("points", "<f4", (3, 3)), ("attr", "<u2")])
    data = np.fromfile(src, dtype=record, count=count, offset=_STL_HEADER)
    if len(data) != count:
        raise PreviewError("unreadable")
    triangles: Triangles = data["points"].astype(np.float64)
    return triangles


def _ascii_stl(src: Path) -> Triangles:
    text = src.read_bytes()
    values = _ASCII_VERTEX.findall(text)
    del text
    if not values or len(values) % 3:
        raise PreviewError("unreadable")
    if len(values) // 3 > MAX_TRIANGLES:
        raise PreviewError("too_large")
    try:
        points = np.array(values, dtype=np.float64)
    except ValueError as error:
        raise PreviewError("unreadable") from error
    triangles: Triangles = points.reshape(-1, 3, 3)
    return triangles


def write_binary_stl(triangles: Triangles, path: Path) -> Path:
    """Binary STL with unit normals, the compact form a browser's STL loader reads fastest."""
    normals = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
    lengths = np.linalg.norm(normals, axis=1, keepdims=True)
    normals = np.divide(normals, lengths, out=np.zeros_like(normals), where=lengths > 0)
    record = np.dtype([("normal", "<f4", 3), ("points", "<f4", (3, 3)), ("attr", "<u2")])
    data = np.zeros(len(triangles), dtype=record)
    data["normal"] = normals
    data["points"] = triangles
    with path.open("wb") as stream:
        stream.write(b"renkei preview".ljust(80, b" "))
        stream.write(struct.pack("<I", len(triangles)))
        data.tofile(stream)
    return path


def glb_triangles(glb: bytes) -> Triangles:
    """Every triangle of a GLB's default scene, node transforms applied (in the GLB's units)."""
    if len(glb) < 20 or glb[:4] != _GLB_MAGIC:
        raise PreviewError("unreadable")
    json_length, json_type = struct.unpack_from("<II", glb, 12)
    if json_type != 0x4E4F534A:  # "JSON"
        raise PreviewError("unreadable")
    gltf: dict[str, Any] = json.loads(glb[20 : 20 + json_length])
    binary = b""
    offset = 20 + json_length
    if offset + 8 <= len(glb):
        bin_length, _bin_type = struct.unpack_from("<II", glb, offset)
        binary = glb[offset + 8 : offset + 8 + bin_length]
    parts: list[Triangles] = []
    scenes = gltf.get("scenes") or [{"nodes": list(range(len(gltf.get("nodes", []))))}]
    scene = scenes[int(gltf.get("scene", 0))]
    for node in scene.get("nodes", []):
        _walk(gltf, binary, int(node), np.eye(4), parts, depth=0)
    if not parts:
        return np.zeros((0, 3, 3))
    return np.concatenate(parts)


def _walk(
    gltf: dict[str, Any],
    binary: bytes,
    index: int,
    parent: npt.NDArray[np.float64],
    parts: list[Triangles],
    depth: int,
) -> None:
    if depth > 64:
        raise PreviewError("unreadable")  # a cycle of nodes
    node = gltf["nodes"][index]
    world = parent @ _local_matrix(node)
    if "mesh" in node:
        for primitive in gltf["meshes"][int(node["mesh"])]["primitives"]:
            if primitive.get("mode", 4) != 4:
                continue  # lines and points: edges drawn for the viewer, not surfaces
            points = _accessor(gltf, binary, int(primitive["attributes"]["POSITION"]))
            if "indices" in primitive:
                indices = _accessor(gltf, binary, int(primitive["indices"])).astype(np.int64)
            else:
                indices = np.arange(len(points))
            indices = indices.reshape(-1)[: len(indices.reshape(-1)) // 3 * 3]
            if len(indices) and (indices.max() >= len(points) or indices.min() < 0):
                raise PreviewError("unreadable")
            homogeneous = np.c_[points.astype(np.float64), np.ones(len(points))]
            placed = (homogeneous @ world.T)[:, :3]
            parts.append(placed[indices].reshape(-1, 3, 3))
    for child in node.get("children", []):
        _walk(gltf, binary, int(child), world, parts, depth + 1)


def _local_matrix(node: dict[str, Any]) -> npt.NDArray[np.float64]:
    if "matrix" in node:
        return np.array(node["matrix"], dtype=np.float64).reshape(4, 4).T  # column-major
    x, y, z, w = node.get("rotation", (0.0, 0.0, 0.0, 1.0))
    rotation = np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
            [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
            [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
        ]
    )
    matrix = np.eye(4)
    matrix[:3, :3] = rotation * np.array(node.get("scale", (1.0, 1.0, 1.0)), dtype=np.float64)
    matrix[:3, 3] = node.get("translation", (0.0, 0.0, 0.0))
    return matrix


def _accessor(gltf: dict[str, Any], binary: bytes, index: int) -> npt.NDArray[Any]:
    accessor = gltf["accessors"][index]
    width = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4}[accessor["type"]]
    dtype = np.dtype(_COMPONENTS[int(accessor["componentType"])]).newbyteorder("<")
    count = int(accessor["count"])
    view = gltf["bufferViews"][int(accessor["bufferView"])]
    start = int(view.get("byteOffset", 0)) + int(accessor.get("byteOffset", 0))
    stride = int(view.get("byteStride", 0)) or dtype.itemsize * width
    end = start + stride * (count - 1) + dtype.itemsize * width if count else start
    if start < 0 or end > len(binary):
        raise PreviewError("unreadable")
    raw = np.frombuffer(binary, dtype=np.uint8, count=end - start, offset=start)
    rows = np.lib.stride_tricks.as_strided(
        raw, shape=(count, dtype.itemsize * width), strides=(stride, 1)
    )
    return np.ascontiguousarray(rows).view(dtype).reshape(count, width)
