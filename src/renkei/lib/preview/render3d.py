"""A mesh drawn as a picture with numpy and Pillow: isometric, flat-shaded, no GPU, no OpenGL.

The painter's algorithm: triangles sorted from far to near and filled one over the other, each
shaded by how squarely it faces a light over the viewer's shoulder. Sorting by depth alone lets a
large far face cover a near one, so faces turned away are dropped first: which side is "away"
comes from the sign of the mesh's volume (a closed mesh wound inside out has a negative one), and
a mesh without volume (a sheet, an open STL) keeps every face. A mesh
of more triangles than a polygon per triangle can draw in a second is splatted as points.
"""

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

SIZE_PX = 960  # drawn at twice the thumbnail and shrunk: smooth edges without anti-aliasing
MARGIN_PX = 24
MAX_POLYGONS = 150_000
_EYE = np.array([1.0, 1.0, 1.0]) / np.sqrt(3.0)  # the classic isometric view, z up
_RIGHT = np.array([-1.0, 1.0, 0.0]) / np.sqrt(2.0)
_UP = np.array([-1.0, -1.0, 2.0]) / np.sqrt(6.0)
_LIGHT = np.array([0.3, 0.8, 1.0]) / np.linalg.norm([0.3, 0.8, 1.0])
_BASE = np.array([96.0, 140.0, 190.0])  # a steel blue, the colour of 3D viewers' default parts
_BACKGROUND = (246, 247, 249)


def render_triangles(triangles: npt.NDArray[np.float64]) -> Image.Image:
    normals = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
    centre = triangles.reshape(-1, 3).mean(axis=0)
    volume = float(np.einsum("ij,ij->", triangles[:, 0] - centre, normals))
    extent = float(np.ptp(triangles.reshape(-1, 3), axis=0).prod())
    if extent > 0 and abs(volume) > 1e-6 * extent:
        facing = (normals @ _EYE) * np.sign(volume) > 0
        if facing.any():
            triangles, normals = triangles[facing], normals[facing]
    screen_x = triangles @ _RIGHT
    screen_y = triangles @ _UP
    depth = (triangles @ _EYE).mean(axis=1)
    low_x, high_x = float(screen_x.min()), float(screen_x.max())
    low_y, high_y = float(screen_y.min()), float(screen_y.max())
    span = max(high_x - low_x, high_y - low_y, 1e-12)
    scale = (SIZE_PX - 2 * MARGIN_PX) / span
    width = max(int((high_x - low_x) * scale) + 2 * MARGIN_PX, 1)
    height = max(int((high_y - low_y) * scale) + 2 * MARGIN_PX, 1)
    px = (screen_x - low_x) * scale + MARGIN_PX
    py = height - ((screen_y - low_y) * scale + MARGIN_PX)

    lengths = np.linalg.norm(normals, axis=1)
    lengths[lengths == 0] = 1.0
    light = np.abs(normals @ _LIGHT) / lengths
    colours = np.clip(_BASE * (0.35 + 0.75 * light[:, None]), 0, 255).astype(np.uint8)
    order = np.argsort(depth, kind="stable")  # far first

    image = Image.new("RGB", (width, height), _BACKGROUND)
    if len(triangles) <= MAX_POLYGONS:
        draw = ImageDraw.Draw(image)
        for i in order.tolist():
            colour = (int(colours[i, 0]), int(colours[i, 1]), int(colours[i, 2]))
            corners = [(float(px[i, k]), float(py[i, k])) for k in range(3)]
            draw.polygon(corners, fill=colour, outline=colour)
        return image
    pixels = np.array(image)
    for k in range(3):  # each corner and the centre of every triangle, near ones written last
        _splat(pixels, px[order, k], py[order, k], colours[order])
    _splat(pixels, px[order].mean(axis=1), py[order].mean(axis=1), colours[order])
    return Image.fromarray(pixels)


def _splat(
    pixels: npt.NDArray[np.uint8],
    xs: npt.NDArray[np.float64],
    ys: npt.NDArray[np.float64],
    colours: npt.NDArray[np.uint8],
) -> None:
    height, width = pixels.shape[:2]
    for dx in (0, 1):
        for dy in (0, 1):
            col = np.clip(xs.astype(np.int64) + dx, 0, width - 1)
            row = np.clip(ys.astype(np.int64) + dy, 0, height - 1)
            pixels[row, col] = colours  # numpy keeps the last write: the nearest triangle
