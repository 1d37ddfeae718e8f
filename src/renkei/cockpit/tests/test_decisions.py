"""Decisions with the firm as voter: one vote per member company, quorum in companies, and a
staff vote waiting for the company's own approver."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from renkei.cockpit.models import Proposal, Vote
from renkei.cockpit.services.decisions import (
    cast_vote,
    close_due_proposals,
    create_proposal,
)
from renkei.conftest_helpers import PASSWORD, login
from renkei.orgs.choices import PersonRole
from renkei.orgs.services import grant_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def eve(group, aoki):
    """Staff of aoki: her vote needs bob's approval."""
    user = get_user_model().objects.create_user("eve", "eve@example.com", PASSWORD)
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_STAFF, company=aoki)
    return user


def proposal(group, alice, method="vote", quorum=2, days=3):
    return create_proposal(
        actor=alice,
        group=group,
        title="共同展示会に出展する",
        method=method,
        quorum=quorum,
        deadline=timezone.now() + dt.timedelta(days=days),
    )


def test_a_staff_vote_waits_for_the_company_approver(
    client, alice, bob, eve, hana, group, aoki, sakura
):
    item = proposal(group, alice)
    login(client, eve)
    client.post(
        f"/g/{group.slug}/cockpit/decisions/{item.pk}/vote", {"company": aoki.pk, "choice": "for"}
    )
    vote = Vote.objects.get(proposal=item, company=aoki)
    assert vote.approved_at is None
    login(client, hana)
    client.post(
        f"/g/{group.slug}/cockpit/decisions/{item.pk}/vote",
        {"company": sakura.pk, "choice": "against"},
    )
    item.refresh_from_db()
    assert item.decided_at is None  # aoki's vote is not counted yet

    login(client, bob)
    client.post(
        f"/g/{group.slug}/cockpit/decisions/{item.pk}/vote", {"company": aoki.pk, "approve": "1"}
    )

    item.refresh_from_db()
    assert item.decided_at is not None  # every company has a counted vote
    assert item.outcome == "rejected"  # 1 for, 1 against
    assert "否決" in item.outcome_statement and "投票 2 社" in item.outcome_statement


def test_weights_decide_a_tie(alice, bob, hana, group, aoki, sakura):
    item = create_proposal(
        actor=alice,
        group=group,
        title="設備の共同購入",
        method="vote",
        quorum=2,
        deadline=timezone.now() + dt.timedelta(days=1),
        weights={str(aoki.pk): 2},
    )
    cast_vote(actor=bob, proposal=item, company=aoki, choice="for")
    cast_vote(actor=hana, proposal=item, company=sakura, choice="against")

    item.refresh_from_db()
    assert item.outcome == "adopted" and "賛成 2 / 反対 1" in item.outcome_statement


def test_one_objection_stops_a_consent_decision(alice, bob, hana, group, aoki, sakura):
    item = proposal(group, alice, method="consent")
    cast_vote(actor=bob, proposal=item, company=aoki, choice="consent")
    cast_vote(actor=hana, proposal=item, company=sakura, choice="object")

    item.refresh_from_db()
    assert item.outcome == "rejected"


def test_without_quorum_at_the_deadline_there_is_no_decision(alice, bob, group, aoki, sakura):
    item = proposal(group, alice, quorum=2)
    cast_vote(actor=bob, proposal=item, company=aoki, choice="for")
    assert close_due_proposals() == {"decided": 0}

    assert close_due_proposals(timezone.now() + dt.timedelta(days=4)) == {"decided": 1}
    assert close_due_proposals(timezone.now() + dt.timedelta(days=5)) == {"decided": 0}
    item.refresh_from_db()
    assert item.outcome == "no_quorum"
    with pytest.raises(ValidationError):
        cast_vote(actor=bob, proposal=item, company=aoki, choice="against")


def test_one_vote_per_company_and_only_for_ones_own(alice, bob, group, aoki, sakura):
    item = proposal(group, alice)
    cast_vote(actor=bob, proposal=item, company=aoki, choice="for")
    cast_vote(actor=bob, proposal=item, company=aoki, choice="abstain")
    assert Vote.objects.filter(proposal=item).count() == 1
    with pytest.raises(ValidationError):
        cast_vote(actor=bob, proposal=item, company=sakura, choice="for")
    with pytest.raises(ValidationError):
        cast_vote(actor=bob, proposal=item, company=aoki, choice="consent")  # not a vote answer


def test_bad_proposals_are_refused(alice, group, aoki, sakura):
    with pytest.raises(ValidationError):
        proposal(group, alice, quorum=3)  # more than the two member companies
    with pytest.raises(ValidationError):
        proposal(group, alice, days=-1)
    assert not Proposal.objects.exists()


def test_supporters_read_and_other_groups_get_404(client, alice, carol, dave, group, aoki):
    item = proposal(group, alice, quorum=1)
    login(client, carol)
    assert client.get(f"/g/{group.slug}/cockpit/decisions/{item.pk}/").status_code == 200
    response = client.post(
        f"/g/{group.slug}/cockpit/decisions/",
        {"title": "x", "method": "vote", "quorum": "1", "deadline": "2099-01-01T10:00"},
    )
    assert response.status_code == 403
    assert (
        client.post(
            f"/g/{group.slug}/cockpit/decisions/{item.pk}/vote",
            {"company": aoki.pk, "choice": "for"},
        ).status_code
        == 403
    )
    login(client, dave)
    assert client.get(f"/g/{group.slug}/cockpit/decisions/{item.pk}/").status_code == 404


def test_coordinator_proposes_through_the_page(client, alice, group, aoki):
    login(client, alice)
    response = client.post(
        f"/g/{group.slug}/cockpit/decisions/",
        {"title": "会費の改定", "method": "consent", "quorum": "1", "deadline": "2099-01-01T10:00"},
    )
    assert response.status_code == 302
    assert Proposal.objects.get().title == "会費の改定"
    assert (
        client.post(
            f"/g/{group.slug}/cockpit/decisions/",
            {"title": "", "method": "vote", "quorum": "0", "deadline": "x"},
        ).status_code
        == 400
    )
