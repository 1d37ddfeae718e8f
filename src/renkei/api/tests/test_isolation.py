"""A person of one group gets 404 on another group's private API objects, and only a group's
coordinators read its internal notes."""

import pytest

from renkei.orgs.models import Membership
from renkei.orgs.services import add_member, create_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def noted(group, aoki, hidden_member):
    Membership.objects.filter(group=group).update(internal_note="支払い遅延あり")


def test_another_groups_coordinator_gets_404_on_an_unlisted_member(
    group, hidden_member, dave, token_for, get_json
):
    token = token_for(dave)

    for url in (
        f"/api/v1/companies/{hidden_member.pk}",
        f"/api/v1/companies/{hidden_member.pk}/capabilities",
    ):
        status, body = get_json(url, token=token)
        assert status == 404, url
        assert set(body) == {"detail", "errors"} and not body["errors"]
    _, companies = get_json("/api/v1/companies", token=token)
    assert hidden_member.pk not in [c["id"] for c in companies["items"]]


def test_another_groups_coordinator_gets_404_on_a_private_group(
    private_group, dave, token_for, get_json
):
    token = token_for(dave)

    for url in ("/api/v1/groups/secret", "/api/v1/groups/secret/members"):
        assert get_json(url, token=token)[0] == 404, url
    assert get_json("/api/v1/companies", token=token, group="secret")[0] == 404


def test_private_groups_company_is_404_to_outsiders(private_group, dave, token_for, get_json):
    only_private = create_company(actor=None, name="研究会だけの会社")
    add_member(actor=None, group=private_group, company=only_private)

    assert get_json(f"/api/v1/companies/{only_private.pk}")[0] == 404
    assert get_json(f"/api/v1/companies/{only_private.pk}", token=token_for(dave))[0] == 404


def test_private_membership_is_not_shown_on_a_public_company(
    private_group, aoki, dave, token_for, get_json
):
    _, body = get_json(f"/api/v1/companies/{aoki.pk}", token=token_for(dave))

    assert [m["group"] for m in body["groups"]] == ["miyako"]


def test_unlisted_membership_stays_hidden_when_filtering_by_that_group(
    group, other_group, aoki, get_json
):
    # aoki is listed in hokko but not in miyako: filtering by miyako must not reveal it.
    add_member(actor=None, group=other_group, company=aoki)
    Membership.objects.filter(group=group, company=aoki).update(listed_publicly=False)

    _, body = get_json("/api/v1/companies", group="miyako")
    _, aokis = get_json(f"/api/v1/companies/{aoki.pk}")

    assert body["count"] == 0
    assert [m["group"] for m in aokis["groups"]] == ["hokko"]


def test_other_groups_coordinator_sees_no_internal_note(group, noted, dave, token_for, get_json):
    status, body = get_json("/api/v1/groups/miyako/members", token=token_for(dave))

    assert status == 200
    assert "非公開工業" not in [m["company"]["name"] for m in body["items"]]
    assert all("internal_note" not in m for m in body["items"])
    assert "支払い遅延" not in str(body)


def test_members_and_supporters_see_no_internal_note(group, noted, bob, carol, token_for, get_json):
    for person in (bob, carol):
        _, body = get_json("/api/v1/groups/miyako/members", token=token_for(person))
        assert all("internal_note" not in m for m in body["items"])


def test_coordinator_sees_internal_note(group, noted, alice, token_for, get_json):
    _, body = get_json("/api/v1/groups/miyako/members", token=token_for(alice))

    assert [m["internal_note"] for m in body["items"]] == ["支払い遅延あり", "支払い遅延あり"]
    assert "非公開工業" in [m["company"]["name"] for m in body["items"]]


def test_anonymous_sees_no_unlisted_member_anywhere(group, aoki, hidden_member, get_json):
    _, members = get_json("/api/v1/groups/miyako/members")
    _, companies = get_json("/api/v1/companies")
    status, _ = get_json(f"/api/v1/companies/{hidden_member.pk}")

    assert "非公開工業" not in str(members) + str(companies)
    assert status == 404
