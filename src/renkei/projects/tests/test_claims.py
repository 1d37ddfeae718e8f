"""The claiming board and the two-layer decision: claim, confirm, withdraw, return, expire."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import login, run_worker
from renkei.notices.models import Notice
from renkei.projects import claims
from renkei.projects.choices import PackageState
from renkei.projects.models import WorkPackage
from renkei.projects.tests.conftest import earlier_mail

pytestmark = pytest.mark.django_db


def _claim(client, package, company):
    return client.post(
        reverse("projects:claim", args=["miyako", package.pk]), {"company": company.pk}
    )


def test_the_board_lists_open_packages_for_members(client, bob, published):
    login(client, bob)
    page = client.get(reverse("projects:board", args=["miyako"]))
    assert page.status_code == 200
    assert page.content.decode().count('name="claim"') == 3


def test_a_member_admins_claim_is_confirmed_at_once(client, bob, aoki, machining):
    login(client, bob)
    response = _claim(client, machining, aoki)

    machining.refresh_from_db()
    assert response.status_code == 302
    assert machining.state == PackageState.ASSIGNED and machining.company == aoki
    assert list(machining.events.values_list("kind", flat=True)) == [
        "created", "published", "claimed", "confirmed",
    ]  # fmt: skip


def test_a_staff_claim_waits_for_the_companys_approver(client, emi, hana, sakura, machining):
    login(client, emi)
    _claim(client, machining, sakura)
    machining.refresh_from_db()
    assert machining.state == PackageState.TENTATIVE
    assert Notice.objects.filter(user=hana, kind="claim_pending").count() == 1

    refused = client.post(reverse("projects:confirm", args=["miyako", machining.pk]), follow=True)
    machining.refresh_from_db()
    assert machining.state == PackageState.TENTATIVE
    assert "Only the company" in refused.content.decode()

    client.logout()
    login(client, hana)
    client.post(reverse("projects:confirm", args=["miyako", machining.pk]))
    client.post(reverse("projects:confirm", args=["miyako", machining.pk]))  # double submit
    machining.refresh_from_db()
    assert machining.state == PackageState.ASSIGNED
    assert machining.events.filter(kind="confirmed").count() == 1


def test_claiming_twice_is_one_claim_and_a_second_company_is_refused(
    client, bob, hana, aoki, sakura, machining
):
    login(client, bob)
    _claim(client, machining, aoki)
    _claim(client, machining, aoki)
    assert machining.events.filter(kind="claimed").count() == 1
    client.logout()
    login(client, hana)
    page = _claim(client, machining, sakura)
    machining.refresh_from_db()
    assert page.status_code == 302 and machining.company == aoki


def test_claiming_for_a_company_you_do_not_act_for_is_404(client, bob, sakura, machining):
    login(client, bob)
    assert _claim(client, machining, sakura).status_code == 404
    assert (
        client.post(
            reverse("projects:claim", args=["miyako", machining.pk]), {"company": "x"}
        ).status_code
        == 404
    )
    machining.refresh_from_db()
    assert machining.state == PackageState.OPEN


def test_another_groups_people_get_404(client, dave, machining):
    login(client, dave)
    for name in ["package", "claim", "confirm", "withdraw", "return"]:
        url = reverse(f"projects:{name}", args=["miyako", machining.pk])
        response = client.get(url) if name == "package" else client.post(url, {"reason": "x"})
        assert response.status_code == 404, name
    assert client.get(reverse("projects:package", args=["hokko", machining.pk])).status_code == 404


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_returned_package_goes_back_on_the_board_and_the_coordinator_is_told_once(
    client, alice, bob, hana, aoki, sakura, machining, smtp
):
    login(client, hana)
    _claim(client, machining, sakura)
    empty = client.post(reverse("projects:return", args=["miyako", machining.pk]), {"reason": " "})
    machining.refresh_from_db()
    assert empty.status_code == 302 and machining.state == PackageState.ASSIGNED

    client.post(
        reverse("projects:return", args=["miyako", machining.pk]),
        {"reason": "社内承認が得られませんでした"},
    )
    machining.refresh_from_db()
    assert machining.state == PackageState.OPEN and machining.company is None
    returned = machining.events.get(kind="returned")
    assert returned.note == "社内承認が得られませんでした" and returned.company == sakura
    assert Notice.objects.filter(user=alice, kind="package_returned").count() == 1

    run_worker()
    run_worker()
    mails = [
        body for to, body in smtp.messages if to == ["alice@example.com"] and not earlier_mail(body)
    ]
    assert len(mails) == 1
    assert "社内承認が得られませんでした" in mails[0]

    client.logout()
    login(client, bob)
    _claim(client, machining, aoki)
    machining.refresh_from_db()
    assert machining.company == aoki and machining.state == PackageState.ASSIGNED
    kinds = list(machining.events.values_list("kind", flat=True))
    assert kinds[-3:] == ["returned", "claimed", "confirmed"]
    assert kinds.count("claimed") == 2  # the history keeps the first claim too


def test_only_the_approver_returns_and_staff_withdraw(client, emi, hana, sakura, machining):
    login(client, emi)
    _claim(client, machining, sakura)
    client.post(reverse("projects:return", args=["miyako", machining.pk]), {"reason": "無理"})
    machining.refresh_from_db()
    assert machining.state == PackageState.TENTATIVE
    client.post(reverse("projects:withdraw", args=["miyako", machining.pk]))
    machining.refresh_from_db()
    assert machining.state == PackageState.OPEN
    assert machining.events.filter(kind="withdrawn").count() == 1


def test_tentative_claims_expire_back_onto_the_board(emi, sakura, machining):
    claims.claim_package(actor=emi, package=machining, company=sakura)

    assert claims.expire_claims(timezone.now()) == {"expired": 0}
    later = timezone.now() + claims.CLAIM_HOLD + dt.timedelta(minutes=1)
    assert claims.expire_claims(later) == {"expired": 1}
    assert claims.expire_claims(later) == {"expired": 0}
    machining.refresh_from_db()
    assert machining.state == PackageState.OPEN
    assert machining.events.filter(kind="expired").count() == 1


def test_the_coordinator_offers_and_the_company_decides(client, alice, hana, sakura, machining):
    login(client, alice)
    client.post(reverse("projects:offer", args=["miyako", machining.pk]), {"company": sakura.pk})
    machining.refresh_from_db()
    assert machining.state == PackageState.TENTATIVE and machining.company == sakura
    assert machining.events.filter(kind="offered").count() == 1
    client.logout()
    login(client, hana)
    client.post(reverse("projects:confirm", args=["miyako", machining.pk]))
    machining.refresh_from_db()
    assert machining.state == PackageState.ASSIGNED


def test_members_cannot_offer(client, bob, sakura, machining):
    login(client, bob)
    response = client.post(
        reverse("projects:offer", args=["miyako", machining.pk]), {"company": sakura.pk}
    )
    assert response.status_code == 404
    assert WorkPackage.objects.get(pk=machining.pk).state == PackageState.OPEN


def test_a_company_that_left_the_group_can_no_longer_claim_or_report(
    client, alice, bob, aoki, group, held, published
):
    from renkei.orgs.models import Membership
    from renkei.orgs.services import end_membership
    from renkei.projects import progress
    from renkei.projects.access import can_report

    assert can_report(bob, held)
    membership = Membership.objects.for_group(group).current().get(company=aoki)
    end_membership(actor=alice, membership=membership, left_on=timezone.localdate())
    held.refresh_from_db()
    assert not can_report(bob, held)
    with pytest.raises(progress.ProgressRefused):
        progress.post_event(actor=bob, package=held, kind="started", note="", key="k1")
    other = WorkPackage.objects.filter(project=published, state=PackageState.OPEN).first()
    if other is not None:
        with pytest.raises(claims.ClaimRefused):
            claims.claim_package(actor=bob, package=other, company=aoki)
    login(client, bob)
    url = reverse("projects:progress", args=["miyako", held.pk])
    assert client.post(url, {"kind": "started", "submission_key": "k2"}).status_code == 404


def test_work_that_has_started_cannot_be_returned(bob, held):
    from renkei.projects import progress

    progress.post_event(actor=bob, package=held, kind="started", note="", key="k1")
    with pytest.raises(claims.ClaimRefused):
        claims.return_package(actor=bob, package=held, reason="都合により")
    held.refresh_from_db()
    assert held.state == PackageState.ASSIGNED
