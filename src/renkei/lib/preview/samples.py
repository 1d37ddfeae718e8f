"""Small real drawings of every kind, made from nothing, for the tests and the benchmark.

The STEP box is written here by hand as a valid AP214 file (a manifold solid B-rep of 6 planar
faces, in millimetres), because the OCCT wheel the converter uses (cascadio) can read STEP but not
write it; the converter then reads it back through OCCT like any customer's file.
"""

import io
import struct
from pathlib import Path

import numpy as np

# Corner i of a box has x from bit 0, y from bit 1, z from bit 2. Each face lists its corners
# counter-clockwise seen from outside, with its outward normal.
_FACES = (
    ((0, 2, 3, 1), (0, 0, -1)),
    ((4, 5, 7, 6), (0, 0, 1)),
    ((0, 1, 5, 4), (0, -1, 0)),
    ((3, 2, 6, 7), (0, 1, 0)),
    ((2, 0, 4, 6), (-1, 0, 0)),
    ((1, 3, 7, 5), (1, 0, 0)),
)


def box_corners(size: tuple[float, float, float]) -> list[tuple[float, float, float]]:
    x, y, z = size
    return [(x * (i & 1), y * ((i >> 1) & 1), z * ((i >> 2) & 1)) for i in range(8)]


def step_box(path: Path, size: tuple[float, float, float] = (10.0, 20.0, 30.0)) -> Path:
    """An AP214 STEP file of one box of ``size`` mm with a corner at the origin."""
    lines: list[str] = []

    def add(entity: str) -> int:
        lines.append(f"#{len(lines) + 1}={entity};")
        return len(lines)

    def ref(ids: list[int]) -> str:
        return "(" + ",".join(f"#{i}" for i in ids) + ")"

    def real(value: float) -> str:
        return repr(float(value))

    def point(p: tuple[float, float, float]) -> int:
        return add(f"CARTESIAN_POINT('',({','.join(real(c) for c in p)}))")

    def direction(d: tuple[float, float, float]) -> int:
        return add(f"DIRECTION('',({','.join(real(c) for c in d)}))")

    corners = box_corners(size)
    vertices = [add(f"VERTEX_POINT('',#{point(p)})") for p in corners]
    edges: dict[tuple[int, int], int] = {}
    faces = []
    for loop, normal in _FACES:
        oriented = []
        for a, b in zip(loop, loop[1:] + loop[:1], strict=True):
            lo, hi = min(a, b), max(a, b)
            if (lo, hi) not in edges:
                d = tuple(h - low for h, low in zip(corners[hi], corners[lo], strict=True))
                length = max(abs(c) for c in d)
                unit = tuple(c / length for c in d)
                vector = add(f"VECTOR('',#{direction(unit)},{real(length)})")  # type: ignore[arg-type]
                line = add(f"LINE('',#{point(corners[lo])},#{vector})")
                edges[(lo, hi)] = add(f"EDGE_CURVE('',#{vertices[lo]},#{vertices[hi]},#{line},.T.)")
            same = ".T." if a < b else ".F."
            oriented.append(add(f"ORIENTED_EDGE('',*,*,#{edges[(lo, hi)]},{same})"))
        ref_dir = (1.0, 0.0, 0.0) if normal[0] == 0 else (0.0, 1.0, 0.0)
        placement = add(
            f"AXIS2_PLACEMENT_3D('',#{point(corners[loop[0]])},"
            f"#{direction(normal)},#{direction(ref_dir)})"
        )
        plane = add(f"PLANE('',#{placement})")
        bound = add(f"FACE_OUTER_BOUND('',#{add(f'EDGE_LOOP({chr(39) * 2},{ref(oriented)})')},.T.)")
        faces.append(add(f"ADVANCED_FACE('',(#{bound}),#{plane},.T.)"))
    brep = add(f"MANIFOLD_SOLID_BREP('box',#{add(f'CLOSED_SHELL({chr(39) * 2},{ref(faces)})')})")
    origin = add(
        f"AXIS2_PLACEMENT_3D('',#{point((0, 0, 0))},#{direction((0, 0, 1))},"
        f"#{direction((1, 0, 0))})"
    )
    mm = add("(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT(.MILLI.,.METRE.))")
    rad = add("(NAMED_UNIT(*)PLANE_ANGLE_UNIT()SI_UNIT($,.RADIAN.))")
    sr = add("(NAMED_UNIT(*)SI_UNIT($,.STERADIAN.)SOLID_ANGLE_UNIT())")
    tolerance = add(f"UNCERTAINTY_MEASURE_WITH_UNIT(LENGTH_MEASURE(1.E-07),#{mm},'distance','')")
    context = add(
        "(GEOMETRIC_REPRESENTATION_CONTEXT(3)"
        f"GLOBAL_UNCERTAINTY_ASSIGNED_CONTEXT((#{tolerance}))"
        f"GLOBAL_UNIT_ASSIGNED_CONTEXT((#{mm},#{rad},#{sr}))"
        "REPRESENTATION_CONTEXT('',''))"
    )
    shape = add(f"ADVANCED_BREP_SHAPE_REPRESENTATION('',(#{origin},#{brep}),#{context})")
    app = add("APPLICATION_CONTEXT('automotive design')")
    add(
        f"APPLICATION_PROTOCOL_DEFINITION('international standard','automotive_design',2000,#{app})"
    )
    product_context = add(f"PRODUCT_CONTEXT('',#{app},'mechanical')")
    product = add(f"PRODUCT('box','box','',(#{product_context}))")
    formation = add(f"PRODUCT_DEFINITION_FORMATION('','',#{product})")
    pd_context = add(f"PRODUCT_DEFINITION_CONTEXT('part definition',#{app},'design')")
    definition = add(f"PRODUCT_DEFINITION('design','',#{formation},#{pd_context})")
    pds = add(f"PRODUCT_DEFINITION_SHAPE('','',#{definition})")
    add(f"SHAPE_DEFINITION_REPRESENTATION(#{pds},#{shape})")
    header = (
        "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('box'),'2;1');\n"
        "FILE_NAME('box.step','2025-01-01T00:00:00',(''),(''),'renkei','renkei','');\n"
        "FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));\nENDSEC;\nDATA;\n"
    )
    path.write_text(header + "\n".join(lines) + "\nENDSEC;\nEND-ISO-10303-21;\n")
    return path


def box_triangles(size: tuple[float, float, float] = (10.0, 20.0, 30.0)) -> np.ndarray:
    corners = np.array(box_corners(size))
    faces = [corners[list(loop)] for loop, _normal in _FACES]
    return np.array([t for q in faces for t in ((q[0], q[1], q[2]), (q[0], q[2], q[3]))])


def stl_box(path: Path, size: tuple[float, float, float] = (10.0, 20.0, 30.0)) -> Path:
    from renkei.lib.preview.mesh import write_binary_stl

    return write_binary_stl(box_triangles(size).astype(np.float64), path)


def dxf_japanese(path: Path) -> Path:
    """An R2000 DXF in Shift_JIS ($DWGCODEPAGE ANSI_932), in mm, with Japanese text."""
    import ezdxf
    from ezdxf import units

    doc = ezdxf.new("R2000")
    doc.encoding = "cp932"
    doc.units = units.MM
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (120, 0), (120, 80), (0, 80)], close=True)
    msp.add_circle((60, 40), 15)
    msp.add_line((0, 40), (120, 40))
    msp.add_text("部品図 ブラケット SS400", dxfattribs={"height": 6}).set_placement((5, 5))
    doc.saveas(path)
    return path


def pdf_pages(path: Path, pages: int = 3) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    sheet = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, pages + 1):
        sheet.setFont("Helvetica", 24)
        sheet.drawString(72, 760, f"Drawing sheet {number} / {pages}")
        sheet.rect(72, 200, 300, 400, stroke=1, fill=0)
        sheet.circle(222, 400, 40 + 10 * number, stroke=1, fill=1)
        sheet.showPage()
    sheet.save()
    return path


def png_image(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 800), "white")
    ImageDraw.Draw(image).ellipse((300, 200, 900, 600), fill=(200, 40, 40))
    image.save(path, "PNG")
    return path


def step_never_ending(path: Path, points: int = 600_000) -> Path:
    """A STEP file whose DATA section goes on and on and is never closed (tens of MB)."""
    text = step_box(path).read_text()
    head, _tail = text.split("ENDSEC;\nEND-ISO-10303-21;")
    with path.open("w") as stream:
        stream.write(head)
        for start in range(0, points, 10_000):
            stream.write(
                "".join(
                    f"#{i}=CARTESIAN_POINT('',({i}.,1.,2.));\n"
                    for i in range(100_000 + start, 100_000 + min(start + 10_000, points))
                )
            )
    return path


def stl_claiming_a_gigabyte(path: Path) -> Path:
    """A binary STL header that promises 1 GB of triangles, followed by one."""
    count = 2**30 // 50
    path.write_bytes(b"\0" * 80 + struct.pack("<I", count) + b"\0" * 50)
    return path


def dxf_many_entities(path: Path, lines: int = 1_000_000) -> Path:
    """A valid R12 DXF of ``lines`` LINE entities, written as text in a second or so."""
    buffer = io.StringIO()
    buffer.write("0\nSECTION\n2\nENTITIES\n")
    chunk = "".join(
        f"0\nLINE\n8\n0\n10\n{i}\n20\n0\n30\n0\n11\n{i}\n21\n1\n31\n0\n" for i in range(1000)
    )
    for _ in range(lines // 1000):
        buffer.write(chunk)
    buffer.write("0\nENDSEC\n0\nEOF\n")
    path.write_text(buffer.getvalue())
    return path
