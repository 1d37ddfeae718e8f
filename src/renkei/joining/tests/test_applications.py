"""A company applies from the group's page; the coordinator screens, decides, and the
applicant is told."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from renkei.cockpit.choices import VoteChoice
from renkei.cockpit.services.decisions import cast_vote, close_if_due
from renkei.conftest_helpers import login, run_worker
from renkei.core.models import AuditEntry
from renkei.joining import services
from renkei.joining.choices import ApplicationStatus, CheckItem
from renkei.joining.models import Application
from renkei.notices.models import Notice
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, Invitation, Membership

from .conftest import CORPORATE_NUMBER, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _japanese(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        yield


def apply_url(slug="miyako"):
    return reverse("joining:apply", args=[slug])


def test_a_company_applies_without_an_account_and_the_coordinators_are_told(
    client, group, alice, documents
):
    response = client.post(apply_url(), form_data())

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.company_name == "株式会社みなみ精密"
    assert application.corporate_number == CORPORATE_NUMBER
    assert [p.code for p in application.processes.all()] == ["turning"]
    assert application.certificates == [
        {"standard": "ISO 9001", "number": "Q-77", "valid_until": "2099-03-31"}
    ]
    assert application.agreed_rules == documents[2] and application.agreed_at is not None
    assert Notice.objects.filter(user=alice, kind="joining.application").exists()
    assert AuditEntry.objects.filter(action="joining.apply").exists()
    assert not Company.objects.filter(name="株式会社みなみ精密").exists()  # only once accepted


def test_a_bad_corporate_number_is_refused_politely_and_what_was_typed_stays(client, group):
    bad = CORPORATE_NUMBER[:-1] + str((int(CORPORATE_NUMBER[-1]) + 1) % 10)

    response = client.post(apply_url(), form_data(corporate_number=bad))

    page = response.content.decode()
    assert response.status_code == 400
    assert "この法人番号は存在しません" in page
    assert "京都市南区上鳥羽1-2" in page  # nothing typed is lost
    assert not Application.objects.exists()


def test_without_the_agreement_nothing_is_sent(client, group, documents):
    data = form_data()
    del data["agree"]

    response = client.post(apply_url(), data)

    assert response.status_code == 400
    assert "会員規約をお読みのうえ" in response.content.decode()
    assert not Application.objects.exists()


def test_an_expired_certificate_is_refused(client, group):
    response = client.post(apply_url(), form_data(cert1_until="2001-01-01"))

    assert response.status_code == 400
    assert not Application.objects.exists()


def test_a_double_submit_is_one_application(client, group):
    data = form_data()

    first = client.post(apply_url(), data)
    second = client.post(apply_url(), data)

    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1


def test_the_honeypot_keeps_nothing(client, group):
    response = client.post(apply_url(), form_data(renkei_hp_remark="http://spam.example"))

    assert response.status_code == 400
    assert not Application.objects.exists()


def test_one_address_may_send_only_so_many_applications(client, group, settings):
    settings.RENKEI_RATE_LIMITS = settings.RENKEI_RATE_LIMITS | {"application_address": "2/h"}

    codes = [client.post(apply_url(), form_data()).status_code for _n in range(3)]

    assert codes == [302, 302, 429]
    assert Application.objects.count() == 2


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_the_applicant_is_mailed_an_acknowledgement_and_the_decision(
    client, group, alice, documents, smtp
):
    client.post(apply_url(), form_data())
    run_worker()
    [(_to, received)] = [m for m in smtp.messages if m[0] == ["ichiro@minami.example"]]
    assert "みやこ試作ネット" in received

    application = Application.objects.get()
    services.decline(
        actor=alice, application=application, reason="現在は旋削の会員が足りています。"
    )
    run_worker()
    mails = [m[1] for m in smtp.messages if m[0] == ["ichiro@minami.example"]]
    assert len(mails) == 2


def test_the_screening_checklist_records_who_and_when(client, group, alice, applied):
    login(client, alice)
    url = reverse("joining:check", args=["miyako", applied.pk])

    client.post(url, {"item": CheckItem.PROFILE, "note": "登記簿で確認"})
    client.post(url, {"item": CheckItem.PROFILE})  # twice: the first tick stays

    [check] = applied.checks.all()
    assert check.checked_by == alice and check.note == "登記簿で確認"
    page = client.get(reverse("joining:application", args=["miyako", applied.pk]))
    assert "登記簿で確認" in page.content.decode() and "alice" in page.content.decode()
    assert services.unticked(applied) == [
        CheckItem.CAPABILITIES,
        CheckItem.CERTIFICATES,
        CheckItem.REFERENCES,
        CheckItem.AGREEMENT,
    ]
    client.post(url, {"item": CheckItem.PROFILE, "undo": "1"})
    assert not applied.checks.exists()
    assert AuditEntry.objects.filter(action__in=["joining.check", "joining.uncheck"]).count() == 2


def test_accepting_makes_the_company_its_membership_and_an_admin_invitation(
    client, group, alice, applied
):
    login(client, alice)

    client.post(reverse("joining:accept", args=["miyako", applied.pk]))

    applied.refresh_from_db()
    company = Company.objects.get(corporate_number=CORPORATE_NUMBER)
    assert applied.status == ApplicationStatus.ACCEPTED and applied.company == company
    assert Membership.objects.filter(group=group, company=company, left_on=None).exists()
    assert set(company.company_processes.values_list("process__code", flat=True)) == {
        "turning",
        "five_axis",
    }
    assert company.certifications.get().standard == "ISO 9001"
    invitation = Invitation.objects.get(email="ichiro@minami.example")
    assert invitation.role == PersonRole.MEMBER_ADMIN and invitation.company == company
    # a second accept (a double click) changes nothing
    client.post(reverse("joining:accept", args=["miyako", applied.pk]))
    assert Membership.objects.filter(company=company).count() == 1


def test_declining_needs_a_reason(client, group, alice, applied):
    login(client, alice)
    url = reverse("joining:decline", args=["miyako", applied.pk])

    client.post(url, {"reason": ""})
    applied.refresh_from_db()
    assert applied.status == ApplicationStatus.RECEIVED

    client.post(url, {"reason": "対象地域の外です。"})
    applied.refresh_from_db()
    assert applied.status == ApplicationStatus.DECLINED
    assert applied.decision_reason == "対象地域の外です。"


def test_the_core_members_decide_and_the_application_follows(group, alice, bob, aoki, applied):
    services.put_to_core_members(actor=alice, application=applied)
    applied.refresh_from_db()
    assert applied.status == ApplicationStatus.IN_DECISION

    cast_vote(actor=bob, proposal=applied.proposal, company=aoki, choice=VoteChoice.CONSENT)
    close_if_due(applied.proposal, now=timezone.now() + dt.timedelta(days=8))
    assert services.follow_decisions() == {"decided": 1}

    applied.refresh_from_db()
    assert applied.status == ApplicationStatus.ACCEPTED
    assert applied.company is not None and "可決" in applied.decision_reason


def test_only_the_groups_coordinator_screens(client, group, other_group, bob, dave, applied):
    url = reverse("joining:application", args=["miyako", applied.pk])
    assert client.get(url).status_code == 302  # to the login
    login(client, bob)
    assert client.get(url).status_code == 404
    assert client.get(reverse("joining:applications", args=["miyako"])).status_code == 404
    login(client, dave)
    assert client.get(url).status_code == 404
    assert client.get(reverse("joining:application", args=["hokko", applied.pk])).status_code == 404
