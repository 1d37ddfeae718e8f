"""The shared rate limiter (core.throttle): counted in the database, so every process agrees."""

import pytest
from django.test import RequestFactory

from renkei.core import throttle
from renkei.core.models import ThrottleCount


def test_rates_parse_and_refuse_nonsense():
    assert throttle.Rate.parse("10/h") == throttle.Rate(10, 3600)
    assert throttle.Rate.parse("5/10m") == throttle.Rate(5, 600)
    assert throttle.Rate.parse("3/30s") == throttle.Rate(3, 30)
    with pytest.raises(ValueError):
        throttle.Rate.parse("ten per hour")


@pytest.mark.django_db
def test_the_hit_over_the_limit_is_refused_with_a_wait():
    limit = throttle.Rate(3, 3600)
    verdicts = [throttle.check("test", "198.51.100.7", limit) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert 0 < verdicts[-1].retry_after <= 3600
    # Another address has its own count.
    assert throttle.check("test", "198.51.100.8", limit).allowed


@pytest.mark.django_db
def test_keys_are_stored_hashed_never_in_clear():
    throttle.check("test", "customer@example.com", throttle.Rate(3, 60))
    row = ThrottleCount.objects.get()
    assert "customer" not in row.key and "example" not in row.key
    assert row.count == 1


@pytest.mark.django_db
def test_reset_forgets_and_purge_drops_expired_windows():
    limit = throttle.Rate(1, 60)
    throttle.check("test", "a", limit)
    assert not throttle.check("test", "a", limit).allowed
    throttle.reset("test", "a")
    assert throttle.check("test", "a", limit).allowed
    ThrottleCount.objects.update(expires_at="2000-01-01T00:00:00Z")
    assert throttle.purge_expired() == {"deleted": 1}


def test_client_address_trusts_only_the_configured_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.RENKEI_TRUSTED_PROXIES = 0
    assert throttle.client_address(request) == "10.0.0.2"
    settings.RENKEI_TRUSTED_PROXIES = 1
    assert throttle.client_address(request) == "203.0.113.9"
    v6 = RequestFactory().get("/", REMOTE_ADDR="2001:db8::1234")
    settings.RENKEI_TRUSTED_PROXIES = 0
    assert throttle.client_address(v6) == "2001:db8::/64"
