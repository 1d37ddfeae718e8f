"""Helpers for tests (kept out of the fixtures so test modules can import them)."""

from typing import Any

PASSWORD = "correct-horse-42"


def login(client: Any, user: Any) -> None:
    assert client.login(username=user.username, password=PASSWORD)
