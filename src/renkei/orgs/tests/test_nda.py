"""The group's NDA: drawings of an inquiry sent under an NDA go only to member companies whose
member admin accepted the group's current NDA text."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renkei.conftest_helpers import PASSWORD, login, pdf_bytes
from renkei.core.models import AuditEntry
from renkei.inquiries.models import Referral
from renkei.inquiries.referrals import refer
from renkei.inquiries.services import stage_drawing, submit_inquiry
from renkei.orgs.choices import PersonRole
from renkei.orgs.forms import GroupSettingsForm
from renkei.orgs.models import Group, NdaAcceptance
from renkei.orgs.services import grant_role

pytestmark = pytest.mark.django_db

NDA = "第1条 会員は、引き合いで知り得た顧客の図面を第三者に開示しない。"
HEADER = {
    "customer_company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "title": "秘密のシャフト",
    "description": "図面の通り",
    "nda_required": True,
}


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def nda_group(group):
    group.nda_text = NDA
    group.save()
    return group


@pytest.fixture
def referral(nda_group, alice, aoki):
    key = uuid.uuid4()
    upload = SimpleUploadedFile("secret.pdf", pdf_bytes(), content_type="application/pdf")
    stage_drawing(group=nda_group, key=key, upload=upload)
    inquiry, _ = submit_inquiry(group=nda_group, key=key, header=HEADER, lines=[])
    refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    return Referral.objects.get(inquiry=inquiry)


@pytest.fixture
def frank(group, aoki):
    """Member staff of aoki: reads the NDA, cannot sign it for the company."""
    user = get_user_model().objects.create_user(
        username="frank", password=PASSWORD, email="frank@example.com"
    )
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_STAFF, company=aoki)
    return user


def drawing_url(referral):
    drawing = referral.inquiry.drawings.get()
    return reverse("inquiries:referral_drawing", args=["miyako", referral.pk, drawing.pk])


def referral_url(referral):
    return reverse("inquiries:referral", args=["miyako", referral.pk])


def accept(client, company, next_url="", sha=None):
    from renkei.orgs.models import Group

    read = Group.objects.get(slug="miyako").nda_sha256 if sha is None else sha
    data = {"company": company.pk, "agree": "yes", "next": next_url, "sha": read}
    return client.post(reverse("orgs:nda", args=["miyako"]), data)


def test_an_nda_changed_while_it_was_read_is_not_accepted(client, group, bob, aoki, referral):
    from renkei.orgs.nda import has_accepted

    read = group.nda_sha256
    group.nda_text += "\n第5条 追加"
    group.save()
    login(client, bob)
    response = accept(client, aoki, sha=read)
    assert response.status_code == 400
    assert "changed while you were reading" in response.content.decode()
    assert not has_accepted(group, aoki)
    assert accept(client, aoki).status_code == 302
    group.refresh_from_db()
    assert has_accepted(group, aoki)


def test_after_accepting_the_nda_the_member_sees_and_downloads_the_drawings(
    client, bob, aoki, referral
):
    login(client, bob)
    page = client.get(referral_url(referral)).content.decode()
    assert "secret.pdf" not in page
    assert "your company must accept the group's NDA" in page
    assert reverse("orgs:nda", args=["miyako"]) in page
    assert client.get(drawing_url(referral)).status_code == 404

    nda_page = client.get(reverse("orgs:nda", args=["miyako"]) + "?next=" + referral_url(referral))
    assert NDA in nda_page.content.decode()
    response = accept(client, aoki, next_url=referral_url(referral))
    assert response.status_code == 302 and response["Location"] == referral_url(referral)
    acceptance = NdaAcceptance.objects.get()
    assert (acceptance.company, acceptance.accepted_by) == (aoki, bob)
    assert AuditEntry.objects.filter(action="nda.accept", actor=bob).exists()

    assert "secret.pdf" in client.get(referral_url(referral)).content.decode()
    for _ in range(2):
        download = client.get(drawing_url(referral))
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="drawing.download", actor=bob).count() == 2
    accept(client, aoki)  # accepting the same text again keeps one acceptance
    assert NdaAcceptance.objects.count() == 1


def test_a_changed_nda_text_must_be_accepted_again(client, alice, bob, aoki, referral):
    login(client, bob)
    accept(client, aoki)
    assert client.get(drawing_url(referral)).status_code == 200

    login(client, alice)
    settings_url = reverse("orgs:settings", args=["miyako"])
    assert "nda_text" in client.get(settings_url).content.decode()
    form = GroupSettingsForm(instance=Group.objects.get(slug="miyako"))
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["nda_text"] = NDA + "\n第2条 有効期間は3年とする。"
    assert client.post(settings_url, data).status_code == 302
    assert Group.objects.get(slug="miyako").nda_text.endswith("3年とする。")

    login(client, bob)
    assert client.get(drawing_url(referral)).status_code == 404
    assert "secret.pdf" not in client.get(referral_url(referral)).content.decode()
    accept(client, aoki)
    assert NdaAcceptance.objects.filter(company=aoki).count() == 2
    assert client.get(drawing_url(referral)).status_code == 200


def test_member_staff_cannot_accept_for_the_company(client, frank, aoki, referral):
    login(client, frank)
    page = client.get(reverse("orgs:nda", args=["miyako"])).content.decode()
    assert NDA in page and "Only your company's member admin" in page
    assert accept(client, aoki).status_code == 403
    assert not NdaAcceptance.objects.exists()
    assert client.get(drawing_url(referral)).status_code == 404


def test_an_admin_cannot_accept_for_another_company_or_without_ticking(
    client, bob, aoki, sakura, referral
):
    login(client, bob)
    assert accept(client, sakura).status_code == 403
    assert client.post(reverse("orgs:nda", args=["miyako"]), {"company": "x"}).status_code == 403
    unticked = client.post(reverse("orgs:nda", args=["miyako"]), {"company": aoki.pk})
    assert unticked.status_code == 400
    assert "Tick the box" in unticked.content.decode()
    assert not NdaAcceptance.objects.exists()


def test_without_an_nda_text_nothing_can_be_accepted(client, group, bob, aoki):
    login(client, bob)
    response = accept(client, aoki)
    assert response.status_code == 400
    assert "has not written its NDA yet" in response.content.decode()
    assert not NdaAcceptance.objects.exists()


def test_supporters_and_other_groups_get_404(client, carol, dave, referral):
    login(client, dave)
    assert client.get(reverse("orgs:nda", args=["miyako"])).status_code == 404
    assert client.get(drawing_url(referral)).status_code == 404
    login(client, carol)  # a supporter acts for no member company
    page = client.get(reverse("orgs:nda", args=["miyako"]))
    assert (
        page.status_code == 200 and "You do not act for a member company" in page.content.decode()
    )
    assert client.get(drawing_url(referral)).status_code == 404
    client.logout()
    assert client.get(reverse("orgs:nda", args=["miyako"])).status_code == 302


def test_the_withheld_drawings_message_is_in_japanese(client, bob, referral):
    login(client, bob)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    page = client.get(referral_url(referral)).content.decode()
    assert "この引き合いの図面を見るには、グループの秘密保持契約(NDA)への同意が必要です" in page


def test_an_acceptance_counts_only_in_its_own_group(client, other_group, bob, aoki, referral):
    other_group.nda_text = NDA
    other_group.save()
    NdaAcceptance.objects.create(
        group=other_group, company=aoki, accepted_by=bob, text_sha256=other_group.nda_sha256
    )
    login(client, bob)
    assert client.get(drawing_url(referral)).status_code == 404


def test_hostile_nda_text_is_shown_inert(client, group, bob):
    group.nda_text = '<script>alert("nda")</script>\n第2条'
    group.save()
    login(client, bob)
    page = client.get(reverse("orgs:nda", args=["miyako"])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;nda&quot;)&lt;/script&gt;<br>第2条" in page
