"""A member reads every detail of the parts the coordinator reads, never the customer's contact."""

import uuid

import pytest
from django.urls import reverse

from renkei.conftest_helpers import CUSTOMER, login
from renkei.inquiries import referrals
from renkei.inquiries.models import Referral
from renkei.inquiries.services import submit_inquiry


@pytest.mark.django_db
def test_the_member_sees_revision_surface_treatment_and_certifications(
    client, group, alice, bob, aoki
):
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=CUSTOMER | {"phone": "075-000-0000", "customer_corporate_number": ""},
        lines=[
            {
                "part_name": "ブラケット",
                "drawing_number": "A-100",
                "revision": "C",
                "quantity": 5,
                "material": "A7075",
                "surface_treatment": "白アルマイト",
                "heat_treatment": "T6",
                "certifications": ["JIS Q 9100", "other"],
                "notes": "バリなきこと",
            }
        ],
    )
    referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    login(client, bob)
    url = reverse("inquiries:referral", args=["miyako", Referral.objects.get().pk])
    html = client.get(url).content.decode()
    assert '<dd class="part-revision">C</dd>' in html
    assert '<dd class="part-surface">白アルマイト</dd>' in html
    assert "JIS Q 9100 (AS/EN 9100)、Other" in html
    assert "T6" in html and "バリなきこと" in html and "A-100" in html
    for contact in ("taro@rocket.example", "宇宙 太郎", "075-000-0000"):
        assert contact not in html
