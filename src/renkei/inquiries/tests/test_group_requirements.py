"""The group's own certificate rules: NSCA's JIS Q 9100 for aerospace (seed l.4530–4534,
4919–4921) and a certificate of every member, checked on the due date by every gate."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from renkei.capabilities.models import (
    Certification,
    CertificationStandard,
    GroupRequirement,
    Process,
)
from renkei.capabilities.requirements import add_requirement
from renkei.capabilities.services import save_certification, set_processes
from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.inquiries.matching import group_pool, match_inquiry
from renkei.inquiries.services import submit_inquiry
from renkei.orgs.services import create_company
from renkei.region.facts import gate_reasons

pytestmark = pytest.mark.django_db

DUE = timezone.localdate() + dt.timedelta(days=60)
HEADER = {
    "customer_company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "title": "ブラケット試作",
    "description": "図面の通り",
    "desired_delivery": DUE,
}


@pytest.fixture(autouse=True)
def _japanese(client):
    """The reasons as the coordinator reads them."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        yield


def five_axis_shop(group, name, kana, expires_on=None, standard=None):
    company = create_company(actor=None, group=group, name=name, kana=kana)
    set_processes(actor=None, company=company, processes=Process.objects.filter(code="five_axis"))
    if standard:
        save_certification(
            actor=None,
            certification=Certification(company=company, standard=standard, expires_on=expires_on),
        )
    return company


def inquiry(group, industry, **line):
    made, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={**HEADER, "industry": industry},
        lines=[{"part_name": "ブラケット", "process_text": "5軸", **line}],
    )
    return made


def require(group, code, industry=""):
    standard = CertificationStandard.objects.get(code=code)
    return add_requirement(actor=None, group=group, standard=standard, industry=industry)


def by_company(match):
    return {c.company.name: c for c in match.candidates}


def test_an_aerospace_inquiry_needs_jis_q_9100_valid_on_the_due_date(group, aoki):
    require(group, "JIS Q 9100", "aerospace")
    five_axis_shop(group, "無認証精機", "むにんしょう")
    soon = timezone.localdate() + dt.timedelta(days=30)  # before the due date
    five_axis_shop(group, "期限切れ工業", "きげんぎれ", expires_on=soon, standard="JIS Q 9100")

    [match] = match_inquiry(inquiry(group, "aerospace"))  # the customer listed no certificate

    candidates = by_company(match)
    assert match.candidates[0].company == aoki and candidates["株式会社青木精工"].passes
    assert (
        "航空宇宙の案件はJIS Q 9100が必要（グループの規定）"
        in candidates["株式会社青木精工"].summary
    )
    for name in ("無認証精機", "期限切れ工業"):
        assert not candidates[name].passes
        assert "航空宇宙の案件はJIS Q 9100が必要（グループの規定） ✗" in candidates[name].summary
    assert not match.elsewhere


def test_the_ranking_page_shows_the_failed_group_rule(client, group, aoki, alice):
    require(group, "JIS Q 9100", "aerospace")
    five_axis_shop(group, "無認証精機", "むにんしょう")
    made = inquiry(group, "aerospace")
    login(client, alice)
    page = client.get(reverse("inquiries:detail", args=[group.slug, made.pk])).content.decode()
    assert "航空宇宙の案件はJIS Q 9100が必要（グループの規定） ✗" in page


def test_an_inquiry_of_another_industry_is_unaffected(group, aoki):
    require(group, "JIS Q 9100", "aerospace")
    five_axis_shop(group, "無認証精機", "むにんしょう")
    [match] = match_inquiry(inquiry(group, "automotive"))
    candidates = by_company(match)
    assert candidates["無認証精機"].passes and candidates["株式会社青木精工"].passes
    assert "グループの規定" not in candidates["無認証精機"].summary


def test_a_listed_certificate_reads_as_the_customers_not_twice(group, aoki):
    require(group, "JIS Q 9100", "aerospace")
    [match] = match_inquiry(inquiry(group, "aerospace", certifications=["JIS Q 9100"]))
    summary = match.candidates[0].summary
    assert summary.count("JIS Q 9100") == 1 and "グループの規定" not in summary


def test_the_regions_unmet_reason_is_the_certificate(group):
    require(group, "JIS Q 9100", "aerospace")
    five_axis_shop(group, "無認証精機", "むにんしょう")
    reasons = gate_reasons(inquiry(group, "aerospace"), group_pool(group))
    assert [(r.code, r.gate) for r in reasons] == [("certificate", "JIS Q 9100")]
    assert reasons[0].label_en.endswith("JIS Q 9100")


def test_a_certificate_of_every_member_is_flagged_and_gates_every_inquiry(
    client, group, aoki, sakura, alice
):
    require(group, "ISO 9001")  # sakura's has expired, aoki has none
    holder = five_axis_shop(group, "品質工業", "ひんしつ", standard="ISO 9001")
    login(client, alice)
    page = client.get(reverse("orgs:manage_members", args=[group.slug])).content.decode()
    assert page.count("missing-certificate") == 2
    assert "有効なISO 9001がありません（グループの規定）" in page

    [match] = match_inquiry(inquiry(group, "machinery"))
    candidates = by_company(match)
    assert candidates[holder.name].passes
    assert not candidates[aoki.name].passes
    assert "全会員にISO 9001が必要（グループの規定） ✗" in candidates[aoki.name].summary
    assert match.candidates[0].company == holder


def test_the_coordinator_adds_and_removes_a_rule_with_an_audit_entry(client, group, alice):
    login(client, alice)
    url = reverse("inquiries:requirements", args=[group.slug])
    standard = CertificationStandard.objects.get(code="JIS Q 9100")
    form = {"standard": standard.pk, "industry": "aerospace"}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302  # double submit: still one rule
    rule = GroupRequirement.objects.get(group=group)
    page = client.get(url).content.decode()
    assert "航空宇宙の案件はJIS Q 9100が必要（グループの規定）" in page
    remove = reverse("inquiries:requirement_remove", args=[group.slug, rule.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not GroupRequirement.objects.exists()
    actions = list(AuditEntry.objects.filter(group=group).values_list("action", flat=True))
    assert "requirement.create" in actions and "requirement.delete" in actions


@pytest.mark.parametrize(
    "form",
    [
        {"standard": "999999", "industry": ""},
        {"standard": "'; DROP TABLE x; --", "industry": ""},
        {"standard": "", "industry": "aerospace"},
        {"industry": "space-pirates"},
        {"standard": "<script>alert(1)</script>", "industry": "<b>"},
    ],
)
def test_hostile_input_gets_a_polite_error_and_saves_nothing(client, group, alice, form):
    login(client, alice)
    if "standard" not in form:
        form = {**form, "standard": CertificationStandard.objects.get(code="ISO 9001").pk}
    response = client.post(reverse("inquiries:requirements", args=[group.slug]), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "一覧から選んでください" in page or "この項目は必須です" in page
    assert not GroupRequirement.objects.exists()


def test_only_the_groups_coordinator_edits_the_rules(client, group, other_group, alice, bob, dave):
    rule = require(group, "ISO 9001")
    url = reverse("inquiries:requirements", args=[group.slug])
    remove = reverse("inquiries:requirement_remove", args=[group.slug, rule.pk])
    standard = CertificationStandard.objects.get(code="JIS Q 9100").pk
    assert client.get(url).status_code == 302  # to the login page
    for person in (bob, dave):  # a member's admin, another group's coordinator
        login(client, person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"standard": standard}).status_code == 404
        assert client.post(remove).status_code == 404
    # Another group's coordinator cannot reach this group's rule through its own group either.
    other_remove = reverse("inquiries:requirement_remove", args=[other_group.slug, rule.pk])
    assert client.post(other_remove).status_code == 404
    assert list(GroupRequirement.objects.values_list("pk", flat=True)) == [rule.pk]
