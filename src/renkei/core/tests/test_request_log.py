"""JSON log lines with a request id, carried from the request into the tasks it enqueued."""

import io
import json
import logging
import uuid

import pytest

from renkei.conftest_helpers import run_worker
from renkei.core.logs import JsonFormatter, RequestIdFilter
from renkei.inquiries.models import Inquiry
from renkei.inquiries.tests.test_window import WINDOW, form_data


@pytest.fixture
def json_lines():
    """What renkei logs while the test runs, as `RENKEI_LOG_FORMAT=json` writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("renkei", "django_tasks")]
    levels = [lg.level for lg in loggers]
    request_logger = logging.getLogger("renkei.request")
    request_level = request_logger.level
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    request_logger.setLevel(logging.INFO)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)
    request_logger.setLevel(request_level)


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_request_id_is_in_the_request_log_line_and_in_its_task_s_lines(
    client, group, smtp, json_lines
):
    request_id = f"bench-{uuid.uuid4().hex}"
    response = client.post(WINDOW, form_data(), headers={"X-Request-ID": request_id})
    assert response.status_code == 302
    assert response["X-Request-ID"] == request_id
    inquiry = Inquiry.objects.get()

    run_worker()

    lines = json_lines()  # every line is one JSON object (json.loads raised otherwise)
    assert all(
        {"time", "level", "logger", "message", "request_id"} <= line.keys() for line in lines
    )
    (access,) = [line for line in lines if line["logger"] == "renkei.request"]
    assert access["request_id"] == request_id
    assert access["path"] == WINDOW
    assert access["status"] == 302
    assert access["duration_ms"] > 0
    assert access["user_id"] is None  # a customer without an account
    task_lines = [line for line in lines if line["logger"] == "django_tasks"]
    finished = [line for line in task_lines if "SUCCESSFUL" in line["message"]]
    assert finished, task_lines
    assert {line["request_id"] for line in finished} == {request_id}
    assert len(smtp.messages) >= 1  # the acknowledgement went out from that task
    assert inquiry.email in smtp.messages[0][0]


@pytest.mark.django_db
def test_a_signed_in_person_is_logged_by_id_never_by_e_mail(client, alice, json_lines):
    client.force_login(alice)
    response = client.get("/today/")
    assert response.status_code == 200
    (access,) = [line for line in json_lines() if line["logger"] == "renkei.request"]
    assert access["user_id"] == alice.pk
    assert alice.email not in json.dumps(access)
    assert access["view"] == "orgs:today"


@pytest.mark.django_db
def test_a_request_id_that_is_not_a_plain_token_is_replaced(client, json_lines):
    response = client.get("/healthz", headers={"X-Request-ID": 'x" "level": "ERROR'})
    given = response["X-Request-ID"]
    assert given != 'x" "level": "ERROR'
    assert len(given) == 32
    (access,) = [line for line in json_lines() if line["logger"] == "renkei.request"]
    assert access["request_id"] == given
    assert client.get("/healthz")["X-Request-ID"] != given  # a new one for each request
