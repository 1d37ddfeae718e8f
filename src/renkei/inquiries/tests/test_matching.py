"""Ranking members for a line: hard gates with reasons, a route across members, other groups."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from renkei.capabilities.models import Certification, Process
from renkei.capabilities.services import save_certification, set_processes
from renkei.conftest_helpers import login
from renkei.inquiries.matching import match_inquiry
from renkei.inquiries.services import submit_inquiry
from renkei.orgs.services import create_company

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _japanese(client):
    """Reasons read as a Japanese coordinator reads them."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        yield


HEADER = {
    "customer_company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "title": "試作",
    "description": "図面の通り",
}


def inquiry_with(group, **line):
    inquiry, _ = submit_inquiry(
        group=group, key=uuid.uuid4(), header=HEADER, lines=[{"part_name": "部品", **line}]
    )
    return inquiry


def test_a_member_that_passes_every_gate_comes_first_with_its_reasons(group, aoki, sakura):
    inquiry = inquiry_with(
        group,
        process_text="5軸",
        material="A7075",
        size="300x200x50",
        tolerance="±0.01",
        certifications=["JIS Q 9100"],
    )
    [match] = match_inquiry(inquiry)
    first, second = match.candidates
    assert first.company == aoki and first.passes
    assert "5軸・複合 ✓" in first.summary and "A7075 ✓" in first.summary
    assert "300mm ✓" in first.summary and "±10µm ✓" in first.summary
    assert "JIS Q 9100" in first.summary and "まで ✓" in first.summary
    assert second.company == sakura and not second.passes
    assert "5軸・複合 ✗" in second.summary
    assert not match.elsewhere


def test_a_material_of_the_same_family_passes(group, aoki):
    [match] = match_inquiry(inquiry_with(group, process_text="旋削", material="A6061"))
    assert match.candidates[0].passes
    assert "A6061 ✓" in match.candidates[0].summary


def test_a_multi_step_line_gets_a_route_with_the_fewest_hand_offs(group, aoki, sakura):
    inquiry = inquiry_with(group, process_text="旋削 → 5軸 → 無電解ニッケル")
    [match] = match_inquiry(inquiry)
    assert [(c.name, steps) for c, steps in match.route] == [
        ("株式会社青木精工", ["旋削", "5軸・複合"]),
        ("さくら鍍金工業", ["無電解ニッケル"]),
    ]


def test_an_expired_certificate_fails_and_other_groups_are_offered(group, other_group, sakura):
    north = create_company(actor=None, group=other_group, name="北光めっき工業", kana="ほっこう")
    set_processes(
        actor=None, company=north, processes=Process.objects.filter(code="electroplating")
    )
    save_certification(
        actor=None,
        certification=Certification(
            company=north,
            standard="ISO 9001",
            expires_on=timezone.localdate() + dt.timedelta(days=900),
        ),
    )
    [match] = match_inquiry(
        inquiry_with(group, process_text="電気めっき", certifications=["ISO 9001"])
    )
    assert match.elsewhere
    assert [c.company for c in match.candidates] == [north]


def test_the_coordinator_sees_candidates_on_the_inquiry(client, group, alice, aoki, sakura):
    inquiry = inquiry_with(group, process_text="旋削 → 無電解ニッケル")
    login(client, alice)
    html = client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk])).content.decode()
    assert "株式会社青木精工" in html and "さくら鍍金工業" in html
    assert "旋削 ✓" in html
    assert 'class="route"' in html


@pytest.fixture
def twins(group):
    """Two turning shops that are equal in everything the gates and the score read."""
    made = []
    for name, kana in (("旋盤工業あ", "せんばんあ"), ("旋盤工業い", "せんばんい")):
        company = create_company(actor=None, group=group, name=name, kana=kana)
        set_processes(actor=None, company=company, processes=Process.objects.filter(code="turning"))
        made.append(company)
    return made


def _first(group):
    [match] = match_inquiry(inquiry_with(group, process_text="旋削"))
    return match.candidates[0]


def test_among_equals_the_member_passed_an_inquiry_least_recently_comes_first(group, twins):
    from renkei.inquiries.referrals import refer

    first = _first(group)
    assert first.company == twins[0]  # neither was ever passed one: by reading
    refer(actor=None, inquiry=inquiry_with(group, process_text="旋削"), companies=[twins[0]],
          reasons={})  # fmt: skip
    rotated = _first(group)
    # twins[0] now has an open inquiry (load 1): the other one gets the next turn.
    assert rotated.company == twins[1]
    [match] = match_inquiry(inquiry_with(group, process_text="旋削"))
    busy = next(c for c in match.candidates if c.company == twins[0])
    # Asked a moment ago: its answer window is still open, so no answer rate yet (issue 13).
    assert "負荷 1件 ✓" in busy.summary and "回答率" not in busy.summary
    assert busy.passes  # load is a soft preference, never a gate


def test_answers_and_wins_raise_a_member_and_declines_lower_it(group, twins, alice):
    from renkei.inquiries.models import AnswerKind
    from renkei.inquiries.referrals import answer, refer

    for company, kind in ((twins[0], AnswerKind.CANNOT), (twins[1], AnswerKind.CAN)):
        [referral] = refer(
            actor=None, inquiry=inquiry_with(group, process_text="旋削"), companies=[company],
            reasons={},
        )  # fmt: skip
        fields = {"price_yen": 1000, "lead_days": 5} if kind == AnswerKind.CAN else {}
        answer(actor=alice, referral=referral, kind=kind, notes="理由", **fields)
    [match] = match_inquiry(inquiry_with(group, process_text="旋削"))
    first, second = match.candidates[:2]
    assert (first.company, second.company) == (twins[1], twins[0])
    assert first.score > second.score


def test_a_profile_change_reaches_the_ranking_at_once(group, twins):
    assert _first(group).company == twins[0]
    set_processes(actor=None, company=twins[0], processes=Process.objects.filter(code="welding"))
    first = _first(group)
    assert first.company == twins[1]
    [match] = match_inquiry(inquiry_with(group, process_text="旋削"))
    assert [c.company for c in match.candidates if c.passes] == [twins[1]]
