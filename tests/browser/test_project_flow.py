"""An accepted order becomes a project of three packages (machining → plating → inspection); the
coordinator publishes them; the plating shop claims two, then returns one with its reason (its
company said no, as in seed l.1246–1262); the coordinator is told, the machining shop claims it,
reports progress from a phone in one tap each, and the customer sees the progress on the
tracking page."""

import pytest
from playwright.sync_api import expect

from renkei.projects.models import Project
from renkei.projects.tests.conftest import make_order
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _claim(phone, package):
    phone.goto("/g/miyako/board/")
    phone.click(f"#open-{package.pk} button[name=claim]")
    expect(phone.locator("#package-state")).to_be_visible()


def test_order_to_progress_the_customer_sees(
    page, phone, group, alice, bob, aoki, sakura, django_user_model
):
    from renkei.orgs.choices import PersonRole
    from renkei.orgs.services import grant_role

    hana = django_user_model.objects.create_user("hana", "hana@example.com", "correct-horse-42")
    grant_role(actor=None, user=hana, group=group, role=PersonRole.MEMBER_ADMIN, company=sakura)
    order = make_order(group, alice, title="アルミブラケット試作")

    log_in(page, "alice")
    page.goto("/g/miyako/projects/")
    page.click(f"#start-{order.pk}")
    expect(page.locator("#packages tbody tr")).to_have_count(3)
    page.click("#publish")
    project = Project.objects.get()
    machining, plating, inspection = project.packages.order_by("position")

    log_in(phone, "hana")
    _claim(phone, plating)
    expect(phone.locator("#package-company")).to_have_text("さくら鍍金工業")
    _claim(phone, machining)
    phone.click("#return summary")
    phone.fill("#return-reason", "社内承認が得られませんでした")
    phone.click("#return-button")
    expect(phone.locator("#package-state")).to_contain_text("募集")
    expect(phone.locator("#history")).to_contain_text("社内承認が得られませんでした")

    page.goto("/notices/")
    expect(page.locator("#notices")).to_contain_text("社内承認が得られませんでした")
    page.goto("/g/miyako/board/")
    expect(page.locator(f"#open-{machining.pk}")).to_be_visible()

    phone.context.clear_cookies()
    log_in(phone, "bob")
    _claim(phone, machining)
    expect(phone.locator("#package-company")).to_have_text("株式会社青木精工")
    _claim(phone, inspection)
    phone.goto(f"/g/miyako/packages/{machining.pk}/")
    phone.click("#tap-started")
    expect(phone.locator("#package-stage")).to_contain_text("着手")
    phone.click("#tap-step_done")
    expect(phone.locator("#package-stage")).to_contain_text("工程完了")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    box = phone.locator("#tap-inspected").bounding_box()
    assert box and box["height"] >= 44  # a thumb-sized target

    page.goto(f"/g/miyako/projects/{project.pk}/")
    expect(page.locator(f"#package-{machining.pk}")).to_contain_text("株式会社青木精工")
    expect(page.locator(f"#package-{plating.pk}")).to_contain_text("さくら鍍金工業")

    customer = page.context.browser.new_page(base_url=page.url.split("/g/")[0], locale="ja-JP")
    customer.goto(order.inquiry.get_tracking_url())
    expect(customer.locator("#progress-percent")).to_have_text("33%")
    expect(customer.locator("#order-progress")).to_be_visible()
    section = customer.locator("#order-progress").inner_text()
    assert "青木" not in section and "さくら" not in section
    customer.close()
