import pytest
from django.utils import timezone, translation

from renkei.webhooks.tests.receiver import Receiver, start


@pytest.fixture(autouse=True)
def _private_addresses_allowed(settings):
    """The test receiver listens on 127.0.0.1, which the address guard refuses by default; the
    guard's own tests turn it back on."""
    settings.RENKEI_WEBHOOK_ALLOW_PRIVATE = True


@pytest.fixture
def guarded(settings):
    """The address guard on, as in production."""
    settings.RENKEI_WEBHOOK_ALLOW_PRIVATE = False


@pytest.fixture
def receiver():
    """A real HTTP server on 127.0.0.1 and a free port; what it got is in ``received``."""
    found = Receiver()
    server = start(found)
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def later():
    """Moves the clock of the task queue on: every scheduled retry becomes due now."""
    from django_tasks_db.models import DBTaskResult

    def advance():
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())

    return advance


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
