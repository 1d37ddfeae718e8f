"""A shop-floor tap is taken back within a minute: after 出荷 the package page offers 「取り消す」
for 60 seconds, and the undo removes the event (with an audit entry) — without JavaScript."""

import datetime as dt

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.projects.models import PackageEvent

pytestmark = pytest.mark.django_db


def _tap(client, package, kind, key, **extra):
    url = reverse("projects:progress", args=["miyako", package.pk])
    return client.post(url, {"kind": kind, "submission_key": key, **extra}, follow=True)


def _undo(client, package, event):
    url = reverse("projects:progress", args=["miyako", package.pk])
    return client.post(url, {"kind": "undo", "event": str(event.pk)}, follow=True)


def _page(client, package, **extra):
    url = reverse("projects:package", args=["miyako", package.pk])
    return client.get(url, **extra).content.decode()


def test_shipped_offers_an_undo_that_removes_the_event(client, bob, held):
    login(client, bob)
    _tap(client, held, "inspected", "a")
    page = _tap(client, held, "shipped", "b").content.decode()
    shipped = PackageEvent.objects.get(kind="shipped")
    assert 'id="undo-button"' in page
    assert "出荷 recorded" in page
    assert "Undo (60 s)" in page or "Undo (59 s)" in page
    held.refresh_from_db()
    assert held.stage == "shipped"

    page = _undo(client, held, shipped).content.decode()
    assert "Undone: 出荷 is no longer recorded." in page
    assert not PackageEvent.objects.filter(kind="shipped").exists()
    held.refresh_from_db()
    assert held.stage == "inspected"
    entry = AuditEntry.objects.get(action="package.undo")
    assert entry.actor == bob and entry.data["kind"] == "shipped"
    # The tap before it is now the latest, and still less than a minute old.
    assert "検査合格 recorded" in _page(client, held)


def test_the_undo_reads_in_japanese(client, bob, held):
    login(client, bob)
    _tap(client, held, "shipped", "a")
    page = _page(client, held, HTTP_ACCEPT_LANGUAGE="ja")
    assert "出荷を記録しました" in page and "取り消す (" in page and " 秒)" in page


def test_after_a_minute_the_tap_stays(client, bob, held):
    login(client, bob)
    _tap(client, held, "shipped", "a")
    shipped = PackageEvent.objects.get(kind="shipped")
    PackageEvent.objects.filter(pk=shipped.pk).update(
        created_at=shipped.created_at - dt.timedelta(seconds=61)
    )
    assert 'id="undo-button"' not in _page(client, held)
    page = _undo(client, held, shipped).content.decode()
    assert "can no longer be undone" in page
    assert PackageEvent.objects.filter(pk=shipped.pk).exists()
    held.refresh_from_db()
    assert held.stage == "shipped"
    assert not AuditEntry.objects.filter(action="package.undo").exists()


def test_only_the_person_who_tapped_may_undo(client, alice, bob, held):
    login(client, bob)
    _tap(client, held, "shipped", "a")
    shipped = PackageEvent.objects.get(kind="shipped")
    login(client, alice)  # the coordinator reports too, but did not tap this
    assert 'id="undo-button"' not in _page(client, held)
    _undo(client, held, shipped)
    assert PackageEvent.objects.filter(pk=shipped.pk).exists()


def test_a_later_event_ends_the_undo(client, bob, held):
    login(client, bob)
    _tap(client, held, "shipped", "a")
    shipped = PackageEvent.objects.get(kind="shipped")
    _tap(client, held, "delayed", "b", note="運送会社の集荷が明日")
    assert 'id="undo-button"' not in _page(client, held)
    _undo(client, held, shipped)
    assert PackageEvent.objects.filter(pk=shipped.pk).exists()


def test_undoing_restores_the_delay_the_tap_cleared(client, bob, held):
    login(client, bob)
    _tap(client, held, "started", "a")
    _tap(client, held, "delayed", "b", note="材料待ち")
    _tap(client, held, "shipped", "c")
    held.refresh_from_db()
    assert held.stage == "shipped" and not held.delayed
    _undo(client, held, PackageEvent.objects.get(kind="shipped"))
    held.refresh_from_db()
    assert held.stage == "started" and held.delayed and held.delay_reason == "材料待ち"
