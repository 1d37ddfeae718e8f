"""The demo's drawings in the browser: an inquiry to 洛南試作ネットワーク with a two-page PDF, a
STEP model and a DXF in Shift_JIS, passed to the demo member (桂川精工), so that `member` opens
it and sees the pages, the drawing and the 3D model. The files are made here, by the
converters' own sample makers; the previews are made by the worker `renkei serve` runs, as for
any inquiry (requested when the inquiry is accepted). Keyed by its submission key: a second
run writes nothing."""

import tempfile
import uuid
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from renkei.inquiries.models import Inquiry
from renkei.orgs.models import Company, Group

KEY = uuid.uuid5(uuid.NAMESPACE_URL, "renkei-demo:previews:bracket")
MEMBER = "130001090202"  # 桂川精工株式会社, the demo login `member` (demo data's key)


def load_demo_previews(groups: dict[str, Group]) -> int:
    from renkei.directory.search import member_companies
    from renkei.inquiries.referrals import refer
    from renkei.inquiries.services import stage_drawing, submit_inquiry
    from renkei.lib.houjin import make_corporate_number
    from renkei.lib.preview import samples
    from renkei.orgs.choices import CompanyKind

    group = groups.get("rakunan-shisaku")
    company = Company.objects.filter(corporate_number=make_corporate_number(MEMBER)).first()
    if group is None or company is None or Inquiry.objects.filter(submission_key=KEY).exists():
        return 0
    # Named with their drawing numbers, as customers name them.
    with tempfile.TemporaryDirectory(prefix="renkei-demo-") as tmp:
        folder = Path(tmp)
        files = [
            ("取付ブラケット図面BR-100.pdf", samples.pdf_pages(folder / "a.pdf", pages=2)),
            ("取付ブラケットBR-100.step", samples.step_box(folder / "b.step", (80.0, 40.0, 25.0))),
            ("ベース板BP-20.dxf", samples.dxf_japanese(folder / "c.dxf")),
        ]
        for name, path in files:
            upload = SimpleUploadedFile(name, path.read_bytes())
            stage_drawing(group=group, key=KEY, upload=upload)
    inquiry, created = submit_inquiry(
        group=group,
        key=KEY,
        header={
            "customer_company": "株式会社みなと計測",
            "contact_name": "港 一郎",
            "email": "minato@minato-keisoku.example",
            "title": "計測器の取付ブラケット 試作",
            "description": "図面と3Dモデルを添付します。A5052、アルマイト仕上げ。",
        },
        lines=[{"part_name": "取付ブラケット", "quantity": 10, "process_text": "マシニング加工"}],
    )
    # Passed to three machining members, as a coordinator would (and so that the region's
    # figures, which hide what describes fewer than three companies, stay shown).
    others = (
        member_companies(group, include_unlisted=True)
        .filter(kind=CompanyKind.MANUFACTURER, company_processes__process__code="machining_center")
        .exclude(pk=company.pk)
        .distinct()
        .order_by("pk")[:2]
    )
    refer(actor=None, inquiry=inquiry, companies=[company, *others], reasons={})
    return int(created)
