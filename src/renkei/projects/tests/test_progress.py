"""Progress from the phone page: one tap per event, delays with a reason, photos."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from renkei.conftest_helpers import login, run_worker
from renkei.notices.models import Notice
from renkei.projects.models import PackageEvent
from renkei.projects.tests.conftest import earlier_mail

pytestmark = pytest.mark.django_db


def _tap(client, package, kind, key="k-1", follow=False, **extra):
    url = reverse("projects:progress", args=["miyako", package.pk])
    return client.post(url, {"kind": kind, "submission_key": key, **extra}, follow=follow)


def _png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("IMG_0001.png", buffer.getvalue(), content_type="image/png")


def test_taps_move_the_stage_and_a_double_tap_is_one_event(client, bob, held):
    login(client, bob)
    page = client.get(reverse("projects:package", args=["miyako", held.pk]))
    assert 'id="tap-started"' in page.content.decode()

    _tap(client, held, "started", key="a")
    _tap(client, held, "started", key="a")  # the same page sent twice
    _tap(client, held, "step_done", key="b")
    _tap(client, held, "started", key="c")  # a late tap never moves the stage back

    held.refresh_from_db()
    assert held.stage == "step_done" and held.is_done
    assert held.events.filter(kind="started").count() == 2
    assert held.events.filter(kind="step_done").count() == 1


def test_progress_waits_for_the_companys_confirmation(client, emi, sakura, machining):
    from renkei.projects import claims

    claims.claim_package(actor=emi, package=machining, company=sakura)
    login(client, emi)
    page = client.get(reverse("projects:package", args=["miyako", machining.pk]))
    assert 'id="tap-started"' not in page.content.decode()
    response = _tap(client, machining, "started")
    assert response.status_code == 302
    assert not PackageEvent.objects.filter(kind="started").exists()


def test_another_company_cannot_report(client, hana, held):
    login(client, hana)
    assert _tap(client, held, "started").status_code == 404
    held.refresh_from_db()
    assert held.stage == ""


def test_an_unknown_event_is_refused(client, bob, held):
    login(client, bob)
    response = _tap(client, held, "exploded", follow=True)
    assert "Unknown progress event" in response.content.decode()
    assert held.events.count() == 4


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_delay_needs_its_reason_and_tells_the_coordinator_once(client, alice, bob, held, smtp):
    login(client, bob)
    _tap(client, held, "delayed", key="d1", note="")
    held.refresh_from_db()
    assert not held.delayed

    _tap(client, held, "delayed", key="d2", note="材料入荷待ち", expected_on="2030-01-10")
    _tap(client, held, "delayed", key="d2", note="材料入荷待ち")
    held.refresh_from_db()
    assert held.delayed and held.delay_reason == "材料入荷待ち"
    assert str(held.expected_on) == "2030-01-10"
    assert Notice.objects.filter(user=alice, kind="package_delayed").count() == 1
    run_worker()
    run_worker()
    to_alice = [
        body for to, body in smtp.messages if to == ["alice@example.com"] and not earlier_mail(body)
    ]
    assert len(to_alice) == 1 and "材料入荷待ち" in to_alice[0]


def test_a_photo_is_reencoded_and_shown_only_to_the_group(client, bob, dave, held, tmp_path):
    login(client, bob)
    response = _tap(client, held, "photo", key="p1", photo=_png(), note="荒加工後")
    assert response.status_code == 302
    event = PackageEvent.objects.get(kind="photo")
    assert event.photo.name.endswith(".jpg") and "IMG_0001" not in event.photo.name
    with Image.open(event.photo.path) as stored:
        assert stored.format == "JPEG" and stored.size == (40, 30)

    url = reverse("projects:photo", args=["miyako", held.pk, event.pk])
    shown = client.get(url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    login(client, dave)
    assert client.get(url).status_code == 404


def test_a_fake_or_oversized_photo_is_refused_and_nothing_is_saved(client, bob, held, settings):
    login(client, bob)
    fake = SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = _tap(client, held, "photo", key="f", photo=fake, follow=True)
    assert "not a photo" in response.content.decode()
    settings.RENKEI_PHOTO_MAX_BYTES = 100
    response = _tap(client, held, "photo", key="g", photo=_png((300, 300)), follow=True)
    assert "larger than" in response.content.decode()
    assert not PackageEvent.objects.filter(kind="photo").exists()


def test_the_receiving_check_of_a_hand_off(client, alice, hana, sakura, published):
    from renkei.projects import claims

    plating = published.packages.get(position=2)
    claims.claim_package(actor=hana, package=plating, company=sakura)
    login(client, hana)
    page = client.get(reverse("projects:package", args=["miyako", plating.pk])).content.decode()
    assert 'id="tap-received"' in page
    _tap(client, plating, "received", key="r")
    plating.refresh_from_db()
    assert plating.received_at is not None
