"""/metrics: Prometheus's text format, for a scraper with the token or a superuser only."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from renkei.inquiries.tests.test_window import WINDOW, form_data

TOKEN = "metrics-token-for-the-test-0123456789"


def _families(response):
    return {f.name: f for f in text_string_to_metric_families(response.content.decode())}


@pytest.mark.django_db(databases="__all__")
def test_metrics_need_the_token_and_nobody_else_sees_them(client, settings, alice):
    settings.RENKEI_METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 404
    wrong = client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 404
    assert client.get("/metrics", headers={"Authorization": TOKEN}).status_code == 404
    client.force_login(alice)  # a coordinator is not an operator
    assert client.get("/metrics").status_code == 404
    client.logout()
    answer = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain")


@pytest.mark.django_db(databases="__all__")
def test_without_a_token_set_no_header_opens_them(client, settings):
    settings.RENKEI_METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_metrics_count_requests_by_view_and_status_and_show_the_queue(client, settings, group):
    settings.RENKEI_METRICS_TOKEN = TOKEN
    before = _families(client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}))

    def healthz_200(families):
        if "renkei_http_requests" not in families:  # nothing counted yet in this process
            return 0
        return sum(
            s.value
            for s in families["renkei_http_requests"].samples
            if s.name.endswith("_total") and s.labels == {"view": "healthz", "status": "200"}
        )

    client.get("/healthz")
    client.get("/healthz")
    client.get("/no/such/page/")
    assert client.post(WINDOW, form_data()).status_code == 302  # enqueues its mail tasks

    families = _families(client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}))
    assert healthz_200(families) == healthz_200(before) + 2
    statuses = {
        (s.labels["view"], s.labels["status"])
        for s in families["renkei_http_requests"].samples
        if s.name.endswith("_total")
    }
    assert ("unmatched", "404") in statuses  # never the path itself
    latency = families["renkei_http_request_duration_seconds"]
    assert any(s.labels.get("view") == "healthz" for s in latency.samples)
    waiting = {s.labels["queue"]: s.value for s in families["renkei_tasks_waiting"].samples}
    assert waiting["mail"] + waiting["default"] >= 1
    assert {
        "renkei_tasks_oldest_waiting_seconds",
        "renkei_outbox_mail_waiting",
        "renkei_outbox_mail_failed",
        "renkei_outbox_followups_waiting",
        "renkei_workers_live",
        "renkei_worker_heartbeat_age_seconds",
    } <= families.keys()
    assert families["renkei_metrics_database_up"].samples[0].value == 1
