"""Belief documents are versioned and acknowledged per company; boundary edits are versioned;
one strategic uncertainty is in focus at a time."""

import pytest
from django.core.exceptions import ValidationError

from renkei.cockpit.models import BoundaryRuleVersion, LeverDocument, StrategicUncertainty
from renkei.cockpit.services.levers import (
    focus_uncertainty,
    log_entry,
    not_acknowledged,
    publish_document,
)
from renkei.conftest_helpers import login

pytestmark = pytest.mark.django_db


def test_an_edit_makes_a_new_version_and_asks_everyone_again(
    client, alice, bob, group, aoki, sakura
):
    first = publish_document(
        actor=alice, group=group, kind="rules", title="会員規約", body="第1条 …"
    )
    login(client, bob)
    client.post(
        f"/g/{group.slug}/cockpit/levers/document/{first.pk}/acknowledge", {"company": aoki.pk}
    )
    assert not_acknowledged(first) == [sakura]

    second = publish_document(
        actor=alice, group=group, kind="rules", title="会員規約", body="第1条 改"
    )

    assert (first.version, second.version) == (1, 2)
    from renkei.notices.models import Notice

    assert Notice.objects.filter(user=bob, kind="cockpit.document").count() == 2
    assert LeverDocument.objects.get(pk=first.pk).body == "第1条 …"  # never overwritten
    assert set(not_acknowledged(second)) == {aoki, sakura}
    page = client.get(f"/g/{group.slug}/cockpit/levers/").content.decode()
    assert "v2" in page and "さくら鍍金工業" in page.split("not-acknowledged")[1]


def test_a_member_cannot_acknowledge_for_another_company(client, alice, bob, group, aoki, sakura):
    document = publish_document(
        actor=alice, group=group, kind="mission", title="使命", body="試作で地域を元気に"
    )
    login(client, bob)

    response = client.post(
        f"/g/{group.slug}/cockpit/levers/document/{document.pk}/acknowledge", {"company": sakura.pk}
    )

    assert response.status_code == 403
    assert not document.acknowledgements.exists()


def test_publishing_needs_a_coordinator_and_text(client, alice, carol, group):
    login(client, carol)
    assert (
        client.post(
            f"/g/{group.slug}/cockpit/levers/document",
            {"kind": "vision", "title": "x", "body": "y"},
        ).status_code
        == 403
    )
    login(client, alice)
    client.post(
        f"/g/{group.slug}/cockpit/levers/document", {"kind": "vision", "title": "x", "body": ""}
    )
    client.post(
        f"/g/{group.slug}/cockpit/levers/document", {"kind": "nonsense", "title": "x", "body": "y"}
    )
    assert not LeverDocument.objects.exists()
    with pytest.raises(ValidationError):
        publish_document(actor=alice, group=group, kind="vision", title=" ", body="y")


def test_boundary_rule_edits_are_versioned(client, alice, group):
    login(client, alice)

    client.post(
        f"/g/{group.slug}/manage/boundary/", {"kind": "max_quantity", "value": "500", "note": ""}
    )
    client.post(
        f"/g/{group.slug}/manage/boundary/", {"kind": "excluded_word", "value": "武器", "note": ""}
    )
    rule = group.boundary_rules.get(kind="max_quantity")
    client.post(f"/g/{group.slug}/manage/boundary/{rule.pk}/delete")

    versions = list(BoundaryRuleVersion.objects.filter(group=group).order_by("version"))
    assert [v.action for v in versions] == ["create", "create", "delete"]
    assert [len(v.rules) for v in versions] == [1, 2, 1]
    assert versions[-1].rules[0]["value"] == "武器"


def test_only_one_uncertainty_is_in_focus(alice, group):
    first = focus_uncertainty(actor=alice, group=group, title="量産を受けるべきか")
    log_entry(
        actor=alice,
        uncertainty=first,
        kind="dialogue",
        text="幹事会で議論",
        minutes_url="https://example.org/m1",
    )
    second = focus_uncertainty(actor=alice, group=group, title="海外の引き合いにどう応えるか")

    assert list(StrategicUncertainty.objects.filter(group=group, in_focus=True)) == [second]
    first.refresh_from_db()
    assert first.closed_at is not None and first.entries.count() == 1
    with pytest.raises(ValidationError):
        log_entry(actor=alice, uncertainty=second, kind="dialogue", text="  ")


def test_cockpit_shows_which_recommended_levers_are_not_set_up(client, alice, group):
    group.stage = "building"
    group.save()
    login(client, alice)

    page = client.get(f"/g/{group.slug}/cockpit/").content.decode()
    boundary_row = page.split('id="lever-boundary"')[1].split("</tr>")[0]
    assert "not yet set up" in boundary_row
    diagnostic_row = page.split('id="lever-diagnostic"')[1].split("</tr>")[0]
    assert "not yet set up" not in diagnostic_row  # not before 製品化期

    publish_document(
        actor=alice, group=group, kind="limits", title="戦略の限界", body="量産は受けない"
    )
    page = client.get(f"/g/{group.slug}/cockpit/").content.decode()
    assert "set up" in page.split('id="lever-boundary"')[1].split("</tr>")[0]
