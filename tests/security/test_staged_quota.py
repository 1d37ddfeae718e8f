"""Drawings staged by forms that are never sent are bounded per form and per address, and
deleted with their files after a day by the periodic check (issue 11, item 5)."""

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from renkei.conftest_helpers import CUSTOMER
from renkei.inquiries.models import Drawing, Inquiry
from renkei.inquiries.services import stage_drawing, submit_inquiry
from renkei.inquiries.staging import purge_stale_drawings

from .conftest import STEP_BYTES, held_form_data, held_upload

WINDOW = "/g/miyako/inquiry/"
URL = "/api/v1/groups/miyako/inquiries"


def step(name: str, kb: int = 600) -> object:
    return held_upload(name, STEP_BYTES + b" " * (kb * 1024))


def failed_send(client, key: str, *files, **extra):
    """A send with a mistake in it: the drawings are staged, the inquiry is not saved."""
    return client.post(
        WINDOW,
        held_form_data(submission_key=key, email="not-an-address", files=list(files)),
        **extra,
    )


@pytest.mark.django_db
def test_the_per_form_quota_refuses_more_and_keeps_what_is_staged(held_english, group, settings):
    settings.RENKEI_STAGED_MB_PER_FORM = 1
    key = str(uuid.uuid4())
    assert failed_send(held_english, key, step("a.step")).status_code == 400
    response = failed_send(held_english, key, step("b.step"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "b.step was not attached" in html and "at most 1 MB in all" in html
    assert [d.original_name for d in Drawing.objects.all()] == ["a.step"]
    assert "a.step" in html  # still listed as attached
    # Sent without the refused one, the inquiry keeps the drawing staged first.
    held_english.post(WINDOW, held_form_data(submission_key=key))
    assert [d.original_name for d in Inquiry.objects.get().drawings.all()] == ["a.step"]


@pytest.mark.django_db
def test_the_per_address_quota_counts_unsent_drawings_of_every_form(held_english, group, settings):
    settings.RENKEI_STAGED_MB_PER_ADDRESS = 1
    failed_send(held_english, str(uuid.uuid4()), step("a.step"))
    response = failed_send(held_english, str(uuid.uuid4()), step("b.step"))
    assert "b.step was not attached" in response.content.decode()
    assert "from your connection" in response.content.decode()
    assert Drawing.objects.count() == 1
    # Another address has its own quota.
    failed_send(held_english, str(uuid.uuid4()), step("c.step"), REMOTE_ADDR="198.51.100.44")
    assert Drawing.objects.count() == 2
    # Drawings sent with an inquiry no longer count.
    held_english.post(
        WINDOW, held_form_data(submission_key=str(uuid.uuid4()), files=[step("d.step", 10)])
    )
    assert Drawing.objects.filter(inquiry__isnull=False).count() == 1


@pytest.mark.django_db
def test_staged_files_per_address_are_rate_limited(held_english, group, settings):
    settings.RENKEI_RATE_LIMITS = settings.RENKEI_RATE_LIMITS | {"upload_address": "2/h"}
    files = [step(f"{n}.step", 1) for n in range(3)]
    response = failed_send(held_english, str(uuid.uuid4()), *files)
    assert "2.step was not attached" in response.content.decode()
    assert Drawing.objects.count() == 2


@pytest.mark.django_db
def test_the_api_refuses_drawings_over_a_quota_with_413_and_stages_nothing(
    held_english, group, settings
):
    settings.RENKEI_STAGED_MB_PER_FORM = 1
    data = {k.replace("customer_", ""): v for k, v in CUSTOMER.items()}
    response = held_english.post(
        URL, {"data": json.dumps(data), "files": [step("a.step"), step("b.step")]}
    )
    assert response.status_code == 413
    assert set(response.json()) == {"detail", "errors"} and "files" in response.json()["errors"]
    assert not Drawing.objects.exists() and not Inquiry.objects.exists()


def _age(drawing: Drawing, hours: int) -> None:
    Drawing.objects.filter(pk=drawing.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=hours)
    )


@pytest.mark.django_db
def test_the_periodic_check_deletes_day_old_unsent_drawings_and_their_files(group):
    old = stage_drawing(group=group, key=uuid.uuid4(), upload=step("old.step", 1))
    fresh = stage_drawing(group=group, key=uuid.uuid4(), upload=step("fresh.step", 1))
    sent_key = uuid.uuid4()
    sent = stage_drawing(group=group, key=sent_key, upload=step("sent.step", 1))
    submit_inquiry(group=group, key=sent_key, header=CUSTOMER, lines=[])
    for drawing in (old, sent):
        _age(drawing, 25)
    _age(fresh, 23)
    paths = {d.original_name: Path(d.file.path) for d in (old, fresh, sent)}
    assert all(path.exists() for path in paths.values())

    assert purge_stale_drawings() == {"deleted": 1}

    assert sorted(Drawing.objects.values_list("original_name", flat=True)) == [
        "fresh.step",
        "sent.step",
    ]
    assert not paths["old.step"].exists()
    assert paths["fresh.step"].exists() and paths["sent.step"].exists()
    assert purge_stale_drawings() == {"deleted": 0}


@pytest.mark.django_db(databases="__all__")
def test_renkei_tick_runs_the_cleanup(group, capsys):
    old = stage_drawing(group=group, key=uuid.uuid4(), upload=step("old.step", 1))
    _age(old, 25)
    call_command("tick", "--once")
    assert not Drawing.objects.exists()
    assert not Path(old.file.path).exists()
    assert "purge_stale_drawings: {'deleted': 1}" in capsys.readouterr().out
