"""Maps of the community circles and the portfolio; the business model canvas."""

import pytest

from renkei.cockpit.alerts import check_kpis
from renkei.cockpit.models import Canvas, CircleSnapshot
from renkei.conftest_helpers import login
from renkei.orgs.models import Group

pytestmark = pytest.mark.django_db


def test_circles_are_counted_and_snapshotted_once_a_month(
    client, alice, group, other_group, aoki, sakura
):
    sakura.memberships.update(circle="core")

    assert check_kpis()["circle_snapshots"] == 2  # both groups
    assert check_kpis()["circle_snapshots"] == 0
    snapshot = CircleSnapshot.objects.get(group=group)
    assert snapshot.counts == {"active": 1, "core": 1}
    login(client, alice)
    page = client.get(f"/g/{group.slug}/cockpit/maps/").content.decode()
    assert 'id="circle-core"' in page and 'id="circle-history"' in page
    assert other_group.name in page.split('id="portfolio"')[1]


def test_a_private_group_of_the_region_is_not_on_the_map(client, alice, group, region):
    Group.objects.create(region=region, name="秘密の研究会", slug="secret", is_public=False)
    login(client, alice)
    assert "秘密の研究会" not in client.get(f"/g/{group.slug}/cockpit/maps/").content.decode()


def test_coordinator_edits_the_canvas_and_everyone_prints_it(client, alice, bob, group):
    login(client, alice)
    client.post(
        f"/g/{group.slug}/cockpit/canvas/",
        {"value_propositions": "図面1枚から短納期で", "channels": "展示会"},
    )

    assert Canvas.objects.get(group=group).blocks["value_propositions"] == "図面1枚から短納期で"
    login(client, bob)
    page = client.get(f"/g/{group.slug}/cockpit/canvas/?print=1").content.decode()
    assert "図面1枚から短納期で" in page and "<textarea" not in page
    assert client.post(f"/g/{group.slug}/cockpit/canvas/", {"channels": "x"}).status_code == 403


def test_a_block_too_long_keeps_the_saved_canvas(client, alice, group):
    login(client, alice)
    client.post(f"/g/{group.slug}/cockpit/canvas/", {"channels": "展示会"})
    client.post(f"/g/{group.slug}/cockpit/canvas/", {"channels": "x" * 2001})

    assert Canvas.objects.get(group=group).blocks["channels"] == "展示会"
