"""Receiving inspection at a hand-off: a rejection opens a corrective action for the member
whose work it was, tells its people, and holds the next step's 着手 until a coordinator closes
the action; accepted and deviation checks ask for nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from renkei.conftest_helpers import login
from renkei.notices.models import Notice
from renkei.projects import claims
from renkei.projects.models import PackageEvent, WorkPackage
from renkei.projects.tests.conftest import make_order
from renkei.quality.models import CorrectiveAction, ReceivingCheck, ReceivingPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def chain(group, alice, bob, aoki, hana, sakura):
    """Machining (aoki, bob) → plating (sakura, hana) → inspection (on the board)."""
    from renkei.projects import services

    order = make_order(group, alice)
    project, _ = services.start_order_project(actor=alice, order=order)
    services.publish_packages(actor=alice, project=project)
    machining = WorkPackage.objects.get(project=project, position=1)
    plating = WorkPackage.objects.get(project=project, position=2)
    claims.claim_package(actor=bob, package=machining, company=aoki)
    claims.claim_package(actor=hana, package=plating, company=sakura)
    machining.refresh_from_db()
    plating.refresh_from_db()
    return machining, plating


def _photo(name="IMG_0002.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 120, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _receive(client, package, follow=True, **data):
    form = {
        "result": "rejected",
        "quantity_received": "5",
        "quantity_rejected": "2",
        "defect_kind": "dimension",
        "disposition": "rework",
        "note": "穴位置 +0.2",
        "confirm_reject": "1",
        "submission_key": "rk-1",
    } | data
    url = reverse("quality:receive", args=["miyako", package.pk])
    return client.post(url, form, follow=follow)


def _tap(client, package, kind, key):
    url = reverse("projects:progress", args=["miyako", package.pk])
    return client.post(url, {"kind": kind, "submission_key": key}, follow=True)


def test_a_rejection_waits_for_the_corrective_action_to_close(client, alice, bob, hana, chain):
    machining, plating = chain
    login(client, hana)
    page = client.get(reverse("projects:package", args=["miyako", plating.pk])).content.decode()
    assert 'id="receive-form"' in page and 'id="tap-received"' in page

    response = _receive(client, plating, photos=[_photo(), _photo("IMG_0003.png")])
    assert "asked for a corrective action" in response.content.decode()
    check = ReceivingCheck.objects.get()
    assert (check.package, check.receiving_package, check.result) == (
        machining,
        plating,
        "rejected",
    )
    assert check.company == plating.company and check.checked_by == hana
    assert ReceivingPhoto.objects.filter(receiving_check=check).count() == 2
    action = CorrectiveAction.objects.get()
    assert action.company == machining.company and action.status == "open"
    assert action.due_on > check.created_at.date()
    assert Notice.objects.filter(user=bob, kind="corrective_action").count() == 1
    # A rejected delivery is not taken in: no 受入確認 on the plating package.
    assert not PackageEvent.objects.filter(package=plating, kind="received").exists()

    refused = _tap(client, plating, "started", "s-1")
    assert "cannot start yet" in refused.content.decode()
    assert not PackageEvent.objects.filter(package=plating, kind="started").exists()
    _tap(client, plating, "step_done", "s-2")  # skipping 着手 does not skip the wait
    plating.refresh_from_db()
    assert plating.stage == ""

    # The member sees it on its own package page and on its list, and answers.
    login(client, bob)
    own = client.get(reverse("projects:package", args=["miyako", machining.pk])).content.decode()
    assert 'id="package-actions"' in own
    listed = client.get(reverse("quality:corrective_actions", args=["miyako"])).content.decode()
    assert f'id="action-{action.pk}"' in listed
    link = reverse("quality:corrective_action", args=["miyako", action.pk])
    photo = ReceivingPhoto.objects.filter(receiving_check=check).first()
    shown = client.get(reverse("quality:check_photo", args=["miyako", check.pk, photo.pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    client.post(link, {"op": "close"})  # not the member's to close
    client.post(
        link, {"op": "answer", "cause": "治具の摩耗", "countermeasure": "治具交換と初品全数検査"}
    )
    action.refresh_from_db()
    assert action.status == "answered" and action.answered_by == bob
    assert Notice.objects.filter(user=alice, kind="corrective_answered").count() == 1

    login(client, hana)
    assert "cannot start yet" in _tap(client, plating, "started", "s-3").content.decode()

    login(client, alice)
    client.post(link, {"op": "close"})
    action.refresh_from_db()
    assert action.status == "closed" and action.closed_by == alice

    login(client, hana)
    _tap(client, plating, "started", "s-4")
    plating.refresh_from_db()
    assert plating.stage == "started"


def test_a_coordinator_sends_an_answer_back(client, alice, bob, hana, chain):
    _machining, plating = chain
    login(client, hana)
    _receive(client, plating)
    action = CorrectiveAction.objects.get()
    link = reverse("quality:corrective_action", args=["miyako", action.pk])
    login(client, bob)
    client.post(link, {"op": "answer", "cause": "不明", "countermeasure": "注意する"})
    login(client, alice)
    client.post(link, {"op": "reopen", "note": "原因を特定してください"})
    action.refresh_from_db()
    assert action.status == "open" and action.reopened_note == "原因を特定してください"
    assert Notice.objects.filter(user=bob, kind="corrective_action").count() == 2


@pytest.mark.parametrize(
    ("result", "defect", "disposition"),
    [("accepted", "", ""), ("deviation", "surface", "")],
)
def test_accepted_and_deviation_need_no_action(client, hana, chain, result, defect, disposition):
    _machining, plating = chain
    login(client, hana)
    _receive(
        client,
        plating,
        result=result,
        quantity_rejected="0",
        defect_kind=defect,
        disposition=disposition,
        confirm_reject="",
    )
    check = ReceivingCheck.objects.get()
    assert check.result == result
    if result == "deviation":
        assert check.disposition == "use_as_is"
    assert not CorrectiveAction.objects.exists()
    # Taken in: the tick the timeline and the KPIs read, and 着手 is free.
    plating.refresh_from_db()
    assert plating.received_at is not None
    _tap(client, plating, "started", "s-1")
    plating.refresh_from_db()
    assert plating.stage == "started"


def test_the_old_tick_still_records_an_accepted_check(client, hana, chain):
    _machining, plating = chain
    login(client, hana)
    url = reverse("quality:receive", args=["miyako", plating.pk])
    client.post(url, {"result": "accepted", "quantity_received": "5", "submission_key": "t"})
    client.post(url, {"result": "accepted", "quantity_received": "5", "submission_key": "t"})
    assert ReceivingCheck.objects.get().result == "accepted"  # a double tap is one check
    assert PackageEvent.objects.filter(package=plating, kind="received").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quantity_received": "0"}, "Enter the quantity received"),
        ({"quantity_received": "abc"}, "whole numbers"),
        ({"quantity_received": "2000000"}, "Enter the quantity received"),
        ({"quantity_rejected": "-1"}, "cannot be negative"),
        ({"quantity_rejected": "6"}, "More parts are rejected than were received"),
        ({"quantity_rejected": "0"}, "names how many parts are rejected"),
        ({"defect_kind": ""}, "Choose the kind of defect"),
        ({"defect_kind": "explosion"}, "from the list"),
        ({"disposition": "use_as_is"}, "accepted with deviation"),
        ({"result": "maybe"}, "Choose the result"),
        ({"confirm_reject": ""}, "Tick the confirmation"),
        ({"result": "accepted"}, "An accepted delivery has no rejected parts"),
    ],
)
def test_bad_input_is_refused_politely(client, hana, chain, data, message):
    _machining, plating = chain
    login(client, hana)
    response = _receive(client, plating, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReceivingCheck.objects.exists() and not CorrectiveAction.objects.exists()


def test_a_hostile_photo_is_refused_and_nothing_is_saved(client, hana, chain):
    _machining, plating = chain
    login(client, hana)
    fake = SimpleUploadedFile("IMG_9.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = _receive(client, plating, photos=[_photo(), fake])
    assert "not a photo we can read" in response.content.decode()
    assert not ReceivingCheck.objects.exists() and not ReceivingPhoto.objects.exists()


def test_a_double_submit_is_one_check_and_one_action(client, bob, hana, chain):
    _machining, plating = chain
    login(client, hana)
    _receive(client, plating, photos=[_photo()])
    _receive(client, plating, photos=[_photo()])
    assert ReceivingCheck.objects.count() == 1 and CorrectiveAction.objects.count() == 1
    assert Notice.objects.filter(user=bob, kind="corrective_action").count() == 1


def test_only_the_receiver_checks_and_others_get_404(client, bob, hana, emi, dave, chain):
    _machining, plating = chain
    login(client, bob)  # aoki does not receive its own work
    assert _receive(client, plating, follow=False).status_code == 404
    login(client, dave)  # another group's coordinator
    assert _receive(client, plating, follow=False).status_code == 404
    assert not ReceivingCheck.objects.exists()

    login(client, emi)  # sakura's staff may receive for sakura
    _receive(client, plating, submission_key="e")
    action = CorrectiveAction.objects.get()
    photo_check = ReceivingCheck.objects.get()
    link = reverse("quality:corrective_action", args=["miyako", action.pk])
    # The receiving member does not answer nor see another member's action list entry.
    assert client.get(link).status_code == 404
    for user in (dave,):
        login(client, user)
        assert client.get(link).status_code == 404
        assert client.get(reverse("quality:corrective_actions", args=["miyako"])).status_code == 404
        other = reverse("quality:corrective_action", args=["hokko", action.pk])
        assert client.get(other).status_code == 404
    login(client, hana)
    assert (
        f"action-{action.pk}"
        not in client.get(reverse("quality:corrective_actions", args=["miyako"])).content.decode()
    )
    assert photo_check.result == "rejected"


def test_the_coordinator_checks_the_last_package(client, alice, bob, aoki, chain):
    machining, _plating = chain
    last = WorkPackage.objects.get(project=machining.project, position=3)
    claims.claim_package(actor=bob, package=last, company=aoki)
    login(client, alice)
    page = client.get(reverse("projects:package", args=["miyako", last.pk])).content.decode()
    assert 'id="final-form"' in page
    _receive(client, last, final="1", defect_kind="documents", submission_key="f")
    check = ReceivingCheck.objects.get()
    assert check.package == last and check.receiving_package is None
    assert CorrectiveAction.objects.get().company == aoki
    # Not the last one: the next step receives it, not the coordinator's final check.
    response = _receive(client, machining, final="1", submission_key="g")
    assert "The next step checks this package" in response.content.decode()


def test_an_overdue_action_is_marked(client, alice, hana, chain):
    import datetime as dt

    _machining, plating = chain
    login(client, hana)
    _receive(client, plating)
    CorrectiveAction.objects.update(due_on=dt.date(2020, 1, 6))
    login(client, alice)
    listed = client.get(reverse("quality:corrective_actions", args=["miyako"])).content.decode()
    assert "overdue-row" in listed and "overdue" in listed


def test_the_api_records_a_check_once_per_key(client, hana, bob, chain):
    from renkei.api.services import create_api_token

    machining, plating = chain
    _token, secret = create_api_token(actor=hana, name="受入検査システム")
    url = f"/api/v1/groups/miyako/packages/{plating.pk}/receiving-checks"
    headers = {"Authorization": f"Bearer {secret}", "Idempotency-Key": "api-check-0001"}
    body = {
        "result": "rejected",
        "quantity_received": 5,
        "quantity_rejected": 1,
        "defect_kind": "surface",
        "disposition": "remake",
    }
    first = client.post(url, body, content_type="application/json", headers=headers)
    again = client.post(url, body, content_type="application/json", headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["corrective_action_id"] == CorrectiveAction.objects.get().pk
    assert first.json()["package_id"] == machining.pk
    bad = client.post(
        url,
        body | {"quantity_rejected": 9},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert bad.status_code == 400 and "More parts are rejected" in bad.json()["detail"]
    _token, bobs = create_api_token(actor=bob, name="bob")
    other = client.post(
        url, body, content_type="application/json", headers={"Authorization": f"Bearer {bobs}"}
    )
    assert other.status_code == 404


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_the_member_is_mailed_as_it_chose(client, bob, hana, aoki, group, chain, smtp):
    from renkei.conftest_helpers import run_worker
    from renkei.notices.services import set_mail_preference
    from renkei.orgs.choices import PersonRole
    from renkei.orgs.services import grant_role

    quiet = type(bob).objects.create_user("kenji", "kenji@example.com", "correct-horse-42")
    grant_role(actor=None, user=quiet, group=group, role=PersonRole.MEMBER_STAFF, company=aoki)
    set_mail_preference(actor=quiet, mail="off")
    _machining, plating = chain
    login(client, hana)
    _receive(client, plating)
    run_worker()
    to = [recipients for recipients, body in smtp.messages if "是正処置をお願いします" in body]
    assert ["bob@example.com"] in to
    assert ["kenji@example.com"] not in to
    assert Notice.objects.filter(user=quiet, kind="corrective_action").count() == 1
