"""Issue 16's story end to end, in the browser wherever a person acts ("Done when", first
bullet): a member opens an inquiry passed to it with a PDF and a STEP drawing and sees both
previews (the 3D canvas really renders); in the project made from that inquiry it uploads the
required 検査成績書 and only then may tap 検査合格; the next member's receiving check rejects the
package with a photo, on a phone; the corrective action reaches the first member; its scorecard
goes from 不適合 0件 to 1件.

Only the history the story needs is made through the services (the quote and the order, the
packages, ten earlier jobs so that a scorecard is shown). Screenshots go to /tmp, to look at."""

import datetime as dt
import io
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renkei.capabilities.models import Process
from renkei.conftest_helpers import compose_test_quote, pdf_bytes, run_worker
from renkei.inquiries import replies
from renkei.inquiries.models import LineStep, Referral
from renkei.inquiries.referrals import refer
from renkei.previews.tests.conftest import send_inquiry, two_page_pdf
from renkei.projects import claims, progress, services
from renkei.projects.models import WorkPackage
from renkei.quality.models import CorrectiveAction
from renkei.quality.scorecards import cached_scorecards
from renkei.quality.services import documents as quality
from tests.browser.conftest import log_in
from tests.browser.japanese_text import findings

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository
pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]

# Latin words the data itself puts on the pages: the login names in the top bar and the
# drawings' file extensions.
DATA_WORDS = {"alice", "bob", "hana", "pdf", "step"}


def _japanese(page, where: str) -> None:
    problems = findings(page.content(), DATA_WORDS)
    assert not problems, (where, problems)


def _shot(page, name: str, *, full: bool = True) -> None:
    page.screenshot(path=str(SHOTS / f"renkei-see-prove-{name}.png"), full_page=full)


def _colours(png: bytes) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return len(image.getcolors(maxcolors=image.width * image.height) or [])


def _step_cube(tmp_path: Path) -> bytes:
    # Written by the converters' own sample maker, through the OCCT wheel's STEP writer.
    from renkei.lib.preview.samples import step_box

    return step_box(tmp_path / "cube.step", (40.0, 30.0, 20.0)).read_bytes()


def _photo(path: Path) -> str:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (200, 200, 200))
    ImageDraw.Draw(image).ellipse((120, 80, 200, 160), outline=(200, 30, 30), width=6)
    image.save(path, format="PNG")
    return str(path)


def _earlier_jobs(alice, bob, company, n: int) -> None:
    """``n`` packages delivered on time before the story: a scorecard is shown from ten jobs."""
    project = services.create_development_project(
        actor=alice, group=company.memberships.get().group, title="治具開発", goal="量産治具"
    )
    due = timezone.localdate() + dt.timedelta(days=1)
    for _n in range(n):
        package = services.add_package(actor=alice, project=project, name="治具部品", due_on=due)
        claims.offer_package(actor=alice, package=package, company=company)
        claims.confirm_claim(actor=bob, package=package)
        progress.post_event(actor=alice, package=package, kind="shipped")


def _order_from(inquiry, alice):
    """The coordinator quotes the inquiry from the member's answer and the customer accepts."""
    quote = compose_test_quote(alice, inquiry, [("ブラケット", 2, 12000)], lead_days=20)
    replies.send_quote(actor=alice, quote=quote)
    return replies.accept_quote(quote=quote)


def test_see_the_part_then_prove_it(page, phone, group, alice, bob, aoki, hana, sakura, tmp_path):
    inquiry = send_inquiry(
        group,
        [("ブラケット図面.pdf", two_page_pdf()), ("ブラケット.step", _step_cube(tmp_path))],
        title="ブラケット試作",
    )
    line = inquiry.lines.get()
    LineStep.objects.filter(line=line).delete()
    for position, code in enumerate(["five_axis", "electroplating"], start=1):
        LineStep.objects.create(
            line=line, process=Process.objects.get(code=code), position=position
        )
    run_worker()  # the previews are made in the background
    refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    referral = Referral.objects.get(inquiry=inquiry, company=aoki)
    _earlier_jobs(alice, bob, aoki, 10)

    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    # 1. bob opens the inquiry passed to aoki and sees both drawings before answering.
    log_in(page, "bob")
    page.goto(f"/g/miyako/work/inquiries/{referral.pk}/")
    thumbs = page.locator(".drawing-thumbs img")
    expect(thumbs).to_have_count(2)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.drawing-thumbs img')].every("
        "i => i.complete && i.naturalWidth > 0)"
    )
    _shot(page, "1-referral")
    _japanese(page, "referral")

    page.locator(".drawing-thumbs a").nth(0).click()
    expect(page.locator("h1")).to_contain_text("ブラケット図面.pdf")
    expect(page.locator(".preview-page img")).to_have_count(2)
    first = page.locator(".preview-page img").first
    first.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('.preview-page img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    _shot(page, "1-pdf", full=False)
    _japanese(page, "pdf page")

    page.go_back()
    page.locator(".drawing-thumbs a").nth(1).click()
    expect(page.locator("h1")).to_contain_text("ブラケット.step")
    expect(page.locator("#drawing-size")).to_have_text("外形 40 × 30 × 20 mm")
    page.wait_for_function("() => document.querySelector('#viewer[data-ready], #viewer-message')")
    expect(page.locator("#viewer[data-ready='1'] canvas")).to_be_visible()
    page.wait_for_timeout(300)  # a frame or two after the fit
    canvas = page.locator("#viewer canvas").screenshot(
        path=str(SHOTS / "renkei-see-prove-1-canvas.png")
    )
    assert _colours(canvas) > 20, "the 3D canvas is all one colour"
    _shot(page, "1-step")
    _japanese(page, "step page")
    assert not problems, problems

    # bob answers that aoki can make it, on the same page.
    page.goto(f"/g/miyako/work/inquiries/{referral.pk}/")
    page.check("input[name=kind][value=can]")
    page.fill("input[name=price_yen]", "12000")
    page.fill("input[name=lead_days]", "14")
    page.fill("input[name=valid_until]", (timezone.localdate() + dt.timedelta(days=30)).isoformat())
    page.click("#answer button[type=submit]")
    expect(page.locator(".messages")).to_be_visible()
    referral.refresh_from_db()
    assert referral.answer.kind == "can"

    # The project made from that inquiry: machining for aoki, then plating for sakura; the
    # coordinator asks a 検査成績書 of the machining step.
    order = _order_from(inquiry, alice)
    project, _created = services.start_order_project(actor=alice, order=order)
    services.publish_packages(actor=alice, project=project)
    machining = WorkPackage.objects.get(project=project, position=1)
    plating = WorkPackage.objects.get(project=project, position=2)
    claims.claim_package(actor=bob, package=machining, company=aoki)
    claims.claim_package(actor=hana, package=plating, company=sakura)
    quality.set_package_documents(actor=alice, package=machining, kinds=["inspection_report"])

    # 2. On the package page: 検査合格 is refused while the report is missing, then recorded.
    page.goto(f"/g/miyako/packages/{machining.pk}/")
    expect(page.locator(".drawing-thumbs img")).to_have_count(2)
    expect(page.locator("#required-inspection_report")).to_contain_text("未提出")
    page.click("#tap-inspected")
    expect(page.locator(".messages")).to_contain_text(
        "必要な品質書類（検査成績書）をアップロードするまで、検査合格は記録できません。"
    )
    expect(page.locator("#package-stage")).to_have_count(0)  # no stage recorded yet
    assert not machining.events.filter(kind="inspected").exists()
    _shot(page, "2-refused")
    _japanese(page, "package refused")
    report = tmp_path / "検査成績書.pdf"
    report.write_bytes(pdf_bytes())
    page.set_input_files("#quality-file", str(report))
    page.click("#quality-upload-button")
    expect(page.locator("#required-inspection_report")).to_contain_text("提出済み")
    page.click("#tap-inspected")
    expect(page.locator("#package-stage")).to_have_text("検査合格")
    _shot(page, "2-inspected")
    _japanese(page, "package inspected")

    # Before the receiving check: aoki's scorecard counts no nonconformity.
    page.goto(f"/g/miyako/quality/scorecards/{aoki.pk}/")
    expect(page.locator("#scorecard .figure-quality")).to_contain_text("不適合 0件")
    _shot(page, "2-scorecard-before")
    _japanese(page, "scorecard before")
    assert cached_scorecards(group)[aoki.pk].rejections == 0  # the ranking's cache, filled now

    # 3. hana, receiving the machined parts for plating, rejects them with a photo on a phone.
    log_in(phone, "hana")
    phone.goto(f"/g/miyako/packages/{plating.pk}/")
    phone.click("#receive-form-details summary")
    form = phone.locator("#receive-form")
    form.locator("label.result-rejected").click()
    form.locator("input[name=quantity_rejected]").fill("1")
    form.locator("select[name=defect_kind]").select_option("dimension")
    form.locator("select[name=disposition]").select_option("rework")
    form.locator("input[name=photos]").set_input_files([_photo(tmp_path / "IMG_0201.png")])
    form.locator("textarea[name=note]").fill("穴位置が図面より0.2mmずれています")
    form.locator("input[name=confirm_reject]").check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(phone, "3-receiving-form")
    _japanese(phone, "receiving form")
    form.locator("button[type=submit]").click()
    expect(phone.locator("#receiving-checks")).to_contain_text("不合格")
    expect(phone.locator("#receiving-checks img")).to_have_count(1)
    expect(phone.locator("#receiving-wait")).to_be_visible()
    _shot(phone, "3-rejected")
    _japanese(phone, "receiving rejected")

    # 4. The corrective action is on bob's list and on his package page.
    action = CorrectiveAction.objects.get()
    assert (action.package_id, action.company_id) == (machining.pk, aoki.pk)
    page.goto("/g/miyako/quality/corrective-actions/")
    expect(page.locator("#corrective-actions")).to_contain_text(machining.name)
    _shot(page, "4-actions")
    _japanese(page, "corrective actions")
    page.goto(f"/g/miyako/packages/{machining.pk}/")
    expect(page.locator("#package-actions")).to_contain_text("未回答")
    _shot(page, "4-package")
    _japanese(page, "package with action")

    # 5. aoki's scorecard now counts the rejected package (the page reads the figures afresh).
    page.goto(f"/g/miyako/quality/scorecards/{aoki.pk}/")
    expect(page.locator("#scorecard .figure-quality")).to_contain_text("不適合 1件")
    _shot(page, "5-scorecard-after")
    _japanese(page, "scorecard after")
    # The matching's cached figures were dropped by the rejection, not left for 5 minutes.
    assert cached_scorecards(group)[aoki.pk].rejections == 1
