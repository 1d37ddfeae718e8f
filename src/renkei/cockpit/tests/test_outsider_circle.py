"""The fourth circle is the outsider who sends the group opinions from outside (seed
l.2609–2610), with a log of those opinions kept by the coordinator; a core circle lists people
as well as companies (l.2616–2620)."""

import pytest

from renkei.cockpit.models import CirclePerson, OutsiderOpinion
from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _outsider(client, group):
    client.post(
        f"/g/{group.slug}/cockpit/maps/people",
        {"circle": "observer", "name": "外山 一郎", "affiliation": "県工業技術センター OB"},
    )
    return CirclePerson.objects.get(group=group, circle="observer")


def test_an_outsiders_opinion_is_recorded_and_shown(client, alice, group):
    login(client, alice)
    outsider = _outsider(client, group)

    url = f"/g/{group.slug}/cockpit/maps/people/{outsider.pk}/opinion"
    data = {"text": "展示会では加工事例を先に見せるべきだ", "received_on": "2026-11-20"}
    response = client.post(url, data)
    client.post(url, data)  # a double submit

    assert response.status_code == 302
    assert OutsiderOpinion.objects.filter(person=outsider).count() == 1
    assert AuditEntry.objects.filter(action="cockpit.outsider_opinion").count() == 1
    page = client.get(f"/g/{group.slug}/cockpit/maps/").content.decode()
    assert "外山 一郎" in page
    assert "展示会では加工事例を先に見せるべきだ" in page
    assert "From quite unrelated quarters, they send the group their opinions." in page


def test_only_the_coordinator_records_an_opinion(client, alice, bob, group):
    login(client, alice)
    outsider = _outsider(client, group)
    login(client, bob)

    response = client.post(
        f"/g/{group.slug}/cockpit/maps/people/{outsider.pk}/opinion", {"text": "x"}
    )
    refused = client.post(f"/g/{group.slug}/cockpit/maps/people", {"circle": "core", "name": "x"})

    assert response.status_code == 403 and refused.status_code == 403
    assert not OutsiderOpinion.objects.exists()
    assert CirclePerson.objects.count() == 1


def test_another_groups_coordinator_gets_404(client, alice, dave, group):
    login(client, alice)
    outsider = _outsider(client, group)
    login(client, dave)

    response = client.post(
        f"/g/{group.slug}/cockpit/maps/people/{outsider.pk}/opinion", {"text": "x"}
    )
    elsewhere = client.post(f"/g/hokko/cockpit/maps/people/{outsider.pk}/opinion", {"text": "x"})

    assert response.status_code == 404 and elsewhere.status_code == 404
    assert not OutsiderOpinion.objects.exists()


def test_an_empty_opinion_saves_nothing(client, alice, group):
    login(client, alice)
    outsider = _outsider(client, group)

    client.post(f"/g/{group.slug}/cockpit/maps/people/{outsider.pk}/opinion", {"text": "  "})

    assert not OutsiderOpinion.objects.exists()


def test_opinions_are_for_outsiders_only(client, alice, group):
    login(client, alice)
    client.post(f"/g/{group.slug}/cockpit/maps/people", {"circle": "core", "name": "中 太郎"})
    core = CirclePerson.objects.get(circle="core")

    client.post(f"/g/{group.slug}/cockpit/maps/people/{core.pk}/opinion", {"text": "意見"})

    assert not OutsiderOpinion.objects.exists()


def test_a_core_circle_lists_a_person_besides_companies(client, alice, bob, group, aoki):
    login(client, alice)

    client.post(
        f"/g/{group.slug}/cockpit/maps/people",
        {"circle": "core", "name": "田中 匠", "note": "元技能士、研磨の指導"},
    )
    client.post(f"/g/{group.slug}/cockpit/maps/people", {"circle": "core", "user": bob.pk})

    core = CirclePerson.objects.filter(group=group, circle="core")
    assert {p.display_name for p in core} == {"田中 匠", "bob"}
    page = client.get(f"/g/{group.slug}/cockpit/maps/").content.decode()
    assert "田中 匠" in page and "元技能士、研磨の指導" in page
    assert "2 people" in page


def test_an_account_of_another_group_cannot_be_listed(client, alice, dave, group):
    login(client, alice)

    client.post(f"/g/{group.slug}/cockpit/maps/people", {"circle": "core", "user": dave.pk})

    assert not CirclePerson.objects.exists()
