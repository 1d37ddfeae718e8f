"""Shared test fixtures: a small two-group region and named personas.

alice  — coordinator (事務局) of みやこ試作ネット
bob    — member admin of 株式会社青木精工 (a member of みやこ試作ネット)
carol  — supporter (the city) of みやこ試作ネット, read-only
dave   — coordinator of another group, 北光めっきネット: must see nothing private of alice's group
hana   — member admin (the approver) of さくら鍍金工業
emi    — member staff of さくら鍍金工業: her claims and answers wait for hana
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from renkei.capabilities.models import Material, Process
from renkei.capabilities.services import (
    save_certification,
    save_equipment,
    set_materials,
    set_processes,
)
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group, Region
from renkei.orgs.services import add_member, create_company, grant_role

PASSWORD = "correct-horse-42"


def pytest_configure(config):
    """One migrated data dir for the whole run, made by whichever process needs it first: the
    pytest-xdist workers inherit this directory from the controller that made it."""
    import os
    import shutil
    import tempfile

    from renkei.lib.liveserver import SHARED_MIGRATED

    if os.environ.get(SHARED_MIGRATED):
        return
    from pathlib import Path

    from renkei.lib.liveserver import drop_template, postgres_url

    root = tempfile.mkdtemp(prefix="renkei-migrated-")
    os.environ[SHARED_MIGRATED] = root
    config.add_cleanup(lambda: shutil.rmtree(root, ignore_errors=True))
    url = postgres_url()
    if url is not None:  # the run's migrated template database on the suite's server
        config.add_cleanup(lambda: drop_template(url, Path(root)))


@pytest.hookimpl(optionalhook=True)  # xdist's hook: `pytest -p no:xdist` must still run
def pytest_xdist_node_collection_finished(node, ids):
    """With pytest-xdist the run's migrated data dir (and on PostgreSQL its template database)
    is made in the background as soon as a worker has collected a module that runs renkei
    processes: otherwise the first test to need it migrates (half a minute of a core) while a
    test of the other worker waits on the lock, its core idle. A test that asks
    before it is done waits on the lock as before."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from renkei.lib.liveserver import SHARED_MIGRATED

    config = node.config
    if getattr(config, "_renkei_premigrating", False):
        return

    def runs_processes(module: str) -> bool:
        try:
            return "liveserver" in Path(config.rootpath, module).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return False

    if not any(runs_processes(m) for m in {nodeid.partition("::")[0] for nodeid in ids}):
        return
    config._renkei_premigrating = True
    code = (
        "import os, pathlib; from renkei.lib.liveserver import migrate, renkei_env; "
        f"migrate(renkei_env(pathlib.Path(os.environ[{SHARED_MIGRATED!r}]) / 'premigrated'))\n"
        "from renkei.lib.liveserver import postgres_url, shared_template\n"
        "if postgres_url(): shared_template(postgres_url())"
    )
    making = subprocess.Popen(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its `renkei migrate_all` goes with it at the end
    )

    def stop_making() -> None:
        if making.poll() is None:
            os.killpg(making.pid, signal.SIGKILL)
            making.wait()

    config.add_cleanup(stop_making)


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Caches that follow the capabilities stamp start empty: a test's rolled-back data must
    never be served to the next test."""
    from renkei.core import stamps

    stamps.forget()


@pytest.fixture(autouse=True)
def _taxonomy_present(request):
    """The taxonomy is loaded by a data migration, and a transactional test's flush empties it:
    put it back for whichever test comes next."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if not uses_db:
        return
    request.getfixturevalue("_django_db_helper")
    from renkei.conftest_helpers import ensure_taxonomy

    ensure_taxonomy()


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback; mail the app sends lands in ``smtp.messages``."""
    from aiosmtpd.controller import Controller

    from renkei.conftest_helpers import Inbox, free_port

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield inbox
    controller.stop()


@pytest.fixture
def region(db):
    return Region.objects.create(name="テスト地域", slug="test-region")


@pytest.fixture
def group(region):
    return Group.objects.create(
        region=region, name="みやこ試作ネット", slug="miyako", contact_email="office@miyako.example"
    )


@pytest.fixture
def other_group(region):
    return Group.objects.create(region=region, name="北光めっきネット", slug="hokko")


def _user(username):
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.com"
    )


@pytest.fixture
def aoki(group):
    """A five-axis machining shop with a valid JIS Q 9100 certificate."""
    company = create_company(
        actor=None,
        group=group,
        name="株式会社青木精工",
        kana="あおきせいこう",
        prefecture="京都府",
        corporate_number=None,
        employees=24,
        profile="アルミの5軸加工と精密部品の試作。",
    )
    set_processes(
        actor=None,
        company=company,
        processes=Process.objects.filter(code__in=["five_axis", "machining_center", "turning"]),
    )
    set_materials(
        actor=None,
        company=company,
        materials=Material.objects.filter(symbol__in=["A7075", "A5052", "SUS304"]),
    )
    from renkei.capabilities.models import Certification, Equipment

    save_equipment(
        actor=None,
        equipment=Equipment(
            company=company,
            kind="5軸マシニングセンタ",
            axes=5,
            x_mm=650,
            y_mm=500,
            z_mm=400,
            tolerance_um=5,
        ),
    )
    save_certification(
        actor=None,
        certification=Certification(
            company=company,
            standard="JIS Q 9100",
            issuer="JQA",
            number="JQ-1234",
            issued_on=dt.date(2024, 4, 1),
            expires_on=dt.date.today() + dt.timedelta(days=400),
        ),
    )
    return company


@pytest.fixture
def sakura(group):
    """A plating shop whose ISO 9001 certificate has expired."""
    company = create_company(
        actor=None,
        group=group,
        name="さくら鍍金工業",
        kana="さくらめっき",
        prefecture="滋賀県",
        employees=12,
    )
    set_processes(
        actor=None,
        company=company,
        processes=Process.objects.filter(code__in=["electroplating", "electroless_nickel"]),
    )
    from renkei.capabilities.models import Certification

    save_certification(
        actor=None,
        certification=Certification(
            company=company, standard="ISO 9001", expires_on=dt.date.today() - dt.timedelta(days=1)
        ),
    )
    return company


@pytest.fixture
def alice(group):
    user = _user("alice")
    grant_role(actor=None, user=user, group=group, role=PersonRole.COORDINATOR)
    return user


@pytest.fixture
def bob(group, aoki):
    user = _user("bob")
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_ADMIN, company=aoki)
    return user


@pytest.fixture
def carol(group):
    user = _user("carol")
    grant_role(actor=None, user=user, group=group, role=PersonRole.SUPPORTER)
    return user


@pytest.fixture
def dave(other_group):
    user = _user("dave")
    grant_role(actor=None, user=user, group=other_group, role=PersonRole.COORDINATOR)
    return user


@pytest.fixture
def hana(group, sakura):
    user = _user("hana")
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_ADMIN, company=sakura)
    return user


@pytest.fixture
def emi(group, sakura):
    user = _user("emi")
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_STAFF, company=sakura)
    return user


@pytest.fixture
def hidden_member(group):
    """A member that chose not to be listed publicly."""
    company = create_company(actor=None, name="非公開工業", kana="ひこうかい")
    add_member(actor=None, group=group, company=company)
    membership = company.memberships.get()
    membership.listed_publicly = False
    membership.save()
    return company


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, past the second factor every platform operator uses."""
    from renkei.conftest_helpers import login_with_second_factor

    admin_user.set_password(PASSWORD)
    admin_user.save()
    login_with_second_factor(client, admin_user)
    return client
