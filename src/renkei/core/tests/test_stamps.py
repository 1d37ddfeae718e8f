"""The stamps' cache: one build per key at a time, and the age backstop rebuilt off the request."""

import threading
import time

import pytest
from django.db import connections

from renkei.core import stamps

NAME = "test-stamp"


@pytest.fixture(autouse=True)
def _empty_cache():
    stamps.forget()
    yield
    stamps.forget()


class SlowBuild:
    """A build that takes a while and counts how often it ran."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.runs = 0
        self.lock = threading.Lock()

    def __call__(self) -> int:
        with self.lock:
            self.runs += 1
            run = self.runs
        time.sleep(self.seconds)
        return run


@pytest.mark.django_db(transaction=True)
def test_requests_arriving_during_a_build_wait_for_it_instead_of_building_beside_it():
    stamps.bump(NAME)
    build = SlowBuild(seconds=0.5)
    values: list[int] = []

    def request() -> None:
        try:
            values.append(stamps.cached(NAME, ("key",), build))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert build.runs == 1
    assert values == [1, 1, 1, 1]


@pytest.mark.django_db(transaction=True)
def test_a_changed_stamp_is_built_again_at_once():
    stamps.bump(NAME)
    build = SlowBuild()
    assert stamps.cached(NAME, ("key",), build) == 1
    assert stamps.cached(NAME, ("key",), build) == 1
    stamps.bump(NAME)  # an edit, in this process or another
    assert stamps.cached(NAME, ("key",), build) == 2


@pytest.mark.django_db(transaction=True)
def test_past_the_age_backstop_the_value_in_hand_is_served_while_the_next_is_built(monkeypatch):
    stamps.bump(NAME)
    build = SlowBuild(seconds=0.3)
    assert stamps.cached(NAME, ("key",), build) == 1
    monkeypatch.setattr(stamps, "MAX_AGE", 0.0)
    started = time.monotonic()
    assert stamps.cached(NAME, ("key",), build) == 1  # not kept waiting for the rebuild
    assert time.monotonic() - started < 0.3
    monkeypatch.setattr(stamps, "MAX_AGE", 300.0)
    deadline = time.monotonic() + 10
    while stamps.cached(NAME, ("key",), build) != 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stamps.cached(NAME, ("key",), build) == 2
    assert build.runs == 2  # one background build, however many requests came meanwhile


@pytest.mark.django_db(transaction=True)
def test_a_failed_background_build_keeps_the_value_in_hand(monkeypatch):
    stamps.bump(NAME)
    assert stamps.cached(NAME, ("key",), lambda: "kept") == "kept"
    monkeypatch.setattr(stamps, "MAX_AGE", 0.0)

    def broken() -> str:
        raise RuntimeError("the database went away")

    assert stamps.cached(NAME, ("key",), broken) == "kept"
    time.sleep(0.2)
    monkeypatch.setattr(stamps, "MAX_AGE", 300.0)
    assert stamps.cached(NAME, ("key",), broken) == "kept"
