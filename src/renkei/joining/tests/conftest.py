"""Fixtures of the joining tests: the group's documents, a valid application's form data, and a
company admitted through an application."""

import uuid
from typing import Any

import pytest

from renkei.capabilities.models import Material, Process
from renkei.cockpit.choices import DocumentKind
from renkei.cockpit.services.levers import publish_document
from renkei.lib.houjin import make_corporate_number

CORPORATE_NUMBER = make_corporate_number("301234567890")


@pytest.fixture
def documents(group):
    """The group's current mission, vision and 会員規約."""
    return [
        publish_document(actor=None, group=group, kind=kind, title=title, body=body)
        for kind, title, body in [
            (DocumentKind.MISSION, "ミッション", "地域のものづくりで試作の窓口になる。"),
            (DocumentKind.VISION, "ビジョン", "どんな図面も三日で形にする連携。"),
            (DocumentKind.RULES, "会員規約", "第1条 会員は守秘義務を負う。"),
        ]
    ]


def form_data(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "submission_key": str(uuid.uuid4()),
        "company_name": "株式会社みなみ精密",
        "kana": "みなみせいみつ",
        "corporate_number": CORPORATE_NUMBER,
        "prefecture": "京都府",
        "address": "京都市南区上鳥羽1-2",
        "contact_name": "南 一郎",
        "email": "ichiro@minami.example",
        "motivation": "試作の引き合いを共同で受けたい。",
        "processes": [Process.objects.get(code="turning").pk],
        "materials": [Material.objects.get(symbol="SUS304").pk],
        "cert1_standard": "ISO 9001",
        "cert1_number": "Q-77",
        "cert1_until": "2099-03-31",
        "agree": "on",
    }
    data.update(extra)
    return data


@pytest.fixture
def applied(group, documents):
    """An application as the form sends it (not yet screened)."""
    from renkei.joining.services import current_rules, submit_application

    application, _created = submit_application(
        group=group,
        key=uuid.uuid4(),
        fields={
            "company_name": "株式会社みなみ精密",
            "kana": "みなみせいみつ",
            "corporate_number": CORPORATE_NUMBER,
            "prefecture": "京都府",
            "address": "京都市南区上鳥羽1-2",
            "contact_name": "南 一郎",
            "email": "ichiro@minami.example",
            "motivation": "試作の引き合いを共同で受けたい。",
        },
        processes=list(Process.objects.filter(code__in=["turning", "five_axis"])),
        materials=list(Material.objects.filter(symbol="SUS304")),
        certificates=[{"standard": "ISO 9001", "number": "Q-77", "valid_until": "2099-03-31"}],
        agreed_rules=current_rules(group),
    )
    return application


@pytest.fixture
def newcomer(applied, alice):
    """The company admitted from ``applied``, with its admin ``ichiro`` signed up."""
    from django.contrib.auth import get_user_model

    from renkei.conftest_helpers import PASSWORD
    from renkei.joining.services import accept
    from renkei.orgs.models import Invitation
    from renkei.orgs.services import accept_invitation

    company = accept(actor=alice, application=applied)
    invitation = Invitation.objects.get(email="ichiro@minami.example")
    accept_invitation(invitation=invitation, user=None, username="ichiro", password=PASSWORD)
    return company, get_user_model().objects.get(username="ichiro")
