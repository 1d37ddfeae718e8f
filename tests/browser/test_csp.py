"""The main pages work under the Content-Security-Policy: the browser reports no violation.

An init script (injected through the DevTools protocol, so the page's own CSP does not apply to
it) records every ``securitypolicyviolation`` event; the console is watched too, since Chromium
also logs what it refused there.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from renkei.conftest_helpers import PASSWORD
from renkei.inquiries.models import Inquiry
from renkei.projects import services
from renkei.projects.tests.conftest import make_order
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
      `(${event.sourceFile}:${event.lineNumber})`
  );
});
"""


class Watch:
    """What the browser refused on the pages visited so far, page by page."""

    def __init__(self, page):
        self.page = page
        self.found: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.found.append(f"{self.page.url}: console: {message.text}")

    def visit(self, path, ready="main"):
        response = self.page.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
        assert "content-security-policy" in response.headers
        expect(self.page.locator(ready).first).to_be_visible()
        self.page.wait_for_load_state("networkidle")
        self.collect()

    def collect(self):
        # splice empties the list, so a page collected twice reports each violation once.
        for violation in self.page.evaluate("(window.__cspViolations || []).splice(0)"):
            self.found.append(f"{self.page.url}: {violation}")


@pytest.fixture
def watch(browser, live_server):
    """A fresh browser context per persona, each watched for violations."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, locale="ja-JP")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return Watch(page)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def project(group, alice, bob, aoki):
    order = make_order(group, alice, title="アルミブラケット試作")
    made, _created = services.start_order_project(actor=alice, order=order)
    services.publish_packages(actor=alice, project=made)
    return made


def test_the_public_pages_break_no_rule_of_the_policy(watch, project):
    tracking = Inquiry.objects.get(pk=project.order.inquiry_id).get_tracking_url()
    visitor = watch()

    visitor.visit("/")
    visitor.visit("/g/miyako/inquiry/")
    visitor.visit(tracking)
    visitor.visit("/admin/login/", ready="#login-form")

    assert not visitor.found, "\n".join(visitor.found)


def test_the_api_docs_render_under_the_policy(watch, db):
    visitor = watch()

    # Swagger UI's rendered title block: its scripts ran and it read the schema.
    visitor.visit("/api/v1/docs", ready="#swagger-ui .info")
    # An opened operation shows Swagger UI's icons (data: images in its stylesheet).
    visitor.page.click("#swagger-ui .opblock-summary >> nth=0")
    expect(visitor.page.locator("#swagger-ui .opblock-body").first).to_be_visible()
    visitor.page.wait_for_load_state("networkidle")
    visitor.collect()

    assert not visitor.found, "\n".join(visitor.found)


def test_the_coordinators_pages_break_no_rule_of_the_policy(watch, project):
    coordinator = watch()
    log_in(coordinator.page, "alice")
    coordinator.collect()

    coordinator.visit("/g/miyako/manage/inquiries/")
    coordinator.visit(project.get_absolute_url(), ready="#timeline svg rect.bar")
    coordinator.visit("/g/miyako/cockpit/")
    coordinator.visit("/g/miyako/cockpit/canvas/")
    coordinator.visit("/g/miyako/cockpit/incorporation/")

    assert not coordinator.found, "\n".join(coordinator.found)


def test_a_members_pages_and_the_htmx_preview_break_no_rule_of_the_policy(watch, bob):
    member = watch()
    log_in(member.page, "bob")
    member.collect()

    member.visit("/g/miyako/knowledge/new/manual/")
    member.page.fill("#id_body", "1. 番手#400から始める\n2. **青棒**で仕上げる")
    expect(member.page.locator("#preview")).to_contain_text("青棒で仕上げる")
    member.collect()
    member.visit(reverse("two_factor_setup"), ready="main svg")

    assert not member.found, "\n".join(member.found)


def test_the_admin_breaks_no_rule_of_the_policy(watch, group, django_user_model):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    root = django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    device = TOTPDevice.objects.create(user=root, name="authenticator", confirmed=True)
    operator = watch()
    log_in(operator.page, "root")
    # Operators sign in with their second factor before the admin opens.
    operator.page.fill("#id_code", f"{TOTP(device.bin_key).token():06d}")
    operator.page.click("main button[type=submit]")
    operator.page.wait_for_load_state("networkidle")
    operator.collect()

    operator.visit("/admin/", ready="#content")
    operator.visit("/admin/orgs/group/", ready="#changelist")
    operator.visit(f"/admin/orgs/group/{group.pk}/change/", ready="#content form")

    assert not operator.found, "\n".join(operator.found)
