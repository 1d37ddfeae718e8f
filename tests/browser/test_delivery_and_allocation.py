"""One delivery date on every page, and an allocation proposal that keeps the member who quoted.

The customer accepted a quote of 20 business days that used 株式会社青木精工's answer (¥48,000,
9 business days) though wishing for a date of its own; the coordinator starts the project and
asks for a proposal. The date agrees on the quote PDF, the quote on the tracking page, the
project, its last package and the progress the customer sees; the proposal gives the line to
青木精工 over a better-equipped shop that never answered, never offers the city, and says why
in yen and days, in Japanese."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from renkei.capabilities.models import Equipment, Process
from renkei.capabilities.services import save_equipment, set_processes
from renkei.orgs.choices import CompanyKind
from renkei.orgs.services import create_company
from renkei.projects.models import Project
from renkei.projects.tests.conftest import make_order
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _five_axis_shop(group, name, kind=CompanyKind.MANUFACTURER):
    company = create_company(
        actor=None, group=group, name=name, kind=kind, email=f"{kind}@example.jp"
    )
    process = Process.objects.get(code="five_axis")
    set_processes(actor=None, company=company, processes=[process])
    save_equipment(
        actor=None, equipment=Equipment(company=company, kind="5軸", process=process, axes=5)
    )
    return company


def test_one_delivery_date_and_a_proposal_that_keeps_the_quoting_member(
    page, group, alice, bob, aoki, sakura
):
    rival = _five_axis_shop(group, "北村製作所")
    city = _five_axis_shop(group, "みやこ市産業振興課", CompanyKind.CITY)
    wish = timezone.localdate() + dt.timedelta(days=10)  # sooner than the lead time gives
    order = make_order(
        group, alice, title="アルミブラケット試作", delivery=wish, answers=[(aoki, bob, 48000, 9)]
    )
    day = order.delivery_on
    assert day and day != wish

    log_in(page, "alice")
    page.goto("/g/miyako/projects/")
    page.click(f"#start-{order.pk}")
    expect(page.locator("#packages tbody tr")).to_have_count(3)
    expect(page.locator("#project-delivery")).to_have_text(f"{day:%Y-%m-%d}")
    expect(page.locator("#desired-delivery")).to_contain_text(f"希望納期 {wish:%Y-%m-%d}")
    expect(page.locator("#wish-gap")).to_contain_text(f"{(day - wish).days} 日遅れて")
    project = Project.objects.get()
    machining, _plating, inspection = project.packages.order_by("position")
    expect(page.locator(f"#package-{inspection.pk} td").last).to_have_text(f"{day:%m-%d}")
    page.click("#publish")

    page.goto("/g/miyako/manage/allocate/")
    page.click("#propose")
    row = page.locator(f"#line-{machining.pk}")
    expect(row.locator("select")).to_have_value(str(aoki.pk))
    expect(row).to_contain_text("見積回答した会社（¥48,000・9営業日）")
    expect(row).to_contain_text("次点: 北村製作所（見積回答なし")
    expect(row.locator(f'option[value="{rival.pk}"]')).to_have_count(1)
    expect(page.locator(f'option[value="{city.pk}"]')).to_have_count(0)
    expect(page.locator("#proposal-summary")).to_contain_text("回答額の計 ¥48,000")
    assert "コスト" not in page.locator("main").inner_text()

    customer = page.context.browser.new_page(base_url=page.url.split("/g/")[0], locale="ja-JP")
    customer.goto(order.inquiry.get_tracking_url())
    expect(customer.locator(".quote-delivery")).to_have_text(f"{day:%Y-%m-%d}")
    expect(customer.locator("#quote-delivery-1")).to_contain_text("ご注文から 20 営業日")
    expect(customer.locator("#progress-delivery")).to_have_text(f"{day:%Y-%m-%d}")
    assert f"{wish:%Y-%m-%d}" not in customer.locator("main").inner_text()
    pdf = customer.request.get(f"{order.inquiry.get_tracking_url()}quote-1.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert f"納期: {day:%Y年%m月%d日}（ご注文から 20 営業日）" in text
    customer.close()
