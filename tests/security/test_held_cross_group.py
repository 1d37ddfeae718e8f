"""Another group's ids answer 404 (or 403) on the web, the API, search and exports — never 200
with data, never 500. A generic, table-driven test in the spirit of NetBox's reusable view
tests: every group-scoped URL pattern must be in the table, so a new page cannot skip it."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from renkei.conftest_helpers import login

from .conftest import SECRET_ARTICLE, SECRETS, World
from .held_routes import NOT_IN_TABLE, ROUTES, Route

pytestmark = pytest.mark.django_db

REFUSED = {403, 404}


def shown(html: str) -> str:
    """The page's text without tags: a search hit may be split by its <mark> highlights."""
    return re.sub(r"<[^>]+>", "", html)


def leaks(html: str) -> list[str]:
    text = shown(html)
    return [s for s in SECRETS if s in text]


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> list[tuple[str, str]]:
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _patterns(entry, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((namespace + entry.name, route))
    return found


def _group_scoped_patterns() -> set[str]:
    names = set()
    for name, route in _patterns(get_resolver()):
        if route.startswith(("admin/", "api/v1/")):
            continue  # the admin is its own suite's; the JSON API has its own table below
        if "<slug:slug>" in route or "<int:" in route:
            names.add(name)
    return names


def test_every_group_scoped_page_is_in_the_table():
    covered = {route.name for route in ROUTES} | set(NOT_IN_TABLE)
    missing = _group_scoped_patterns() - covered
    assert not missing, f"add these URLs to ROUTES (or NOT_IN_TABLE with a reason): {missing}"


def _snapshot() -> dict[str, Any]:
    """Counts and states that any write of alice's group would change."""
    from django.apps import apps
    from django.db import router

    counts = {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in {
        "core", "orgs", "capabilities", "inquiries", "projects", "knowledge", "cockpit",
        "webhooks", "imports", "notices", "api", "outbox", "settlement",
    } and router.db_for_read(m) == "default"}  # fmt: skip
    from renkei.notices.models import Notice
    from renkei.projects.models import WorkPackage
    from renkei.webhooks.models import Endpoint

    counts["unread"] = Notice.objects.filter(read_at__isnull=True).count()
    counts["packages"] = sorted(
        WorkPackage.objects.values_list("pk", "state", "company_id", "name", "delayed")
    )
    counts["endpoints"] = sorted(Endpoint.objects.values_list("pk", "active"))
    return counts


def _try(client: Client, route: Route, url: str, world: World) -> tuple[int | str, str]:
    try:
        get = route.method == "get"
        response = client.get(url) if get else client.post(url, route.data(world))
    except Exception as error:
        return f"raised {type(error).__name__}: {error}", ""
    body = b"" if getattr(response, "streaming", False) else response.content
    return response.status_code, body.decode("utf-8", "replace")


def _refusals(client: Client, world: World, slug: str, routes: list[Route], allowed: set[int]):
    problems = []
    for route in routes:
        url = route.url(world, slug)
        status, body = _try(client, route, url, world)
        if status not in allowed:
            problems.append(f"{route.method.upper()} {url}: {status}")
        elif leaked := leaks(body):
            problems.append(f"{route.method.upper()} {url}: shows {leaked}")
    return problems


def test_the_table_names_real_objects_of_alices_group(client, held_world, alice, bob):
    """The control: alice's and bob's own pages open, so a 404 below means refused, not a
    wrong id."""
    people = {"alice": alice, "bob": bob}
    problems = []
    for route in ROUTES:
        if route.method != "get" or route.owner is None:
            continue
        login(client, people[route.owner])
        url = route.url(held_world, "miyako")
        status, _body = _try(client, route, url, held_world)
        if status != route.owner_status:
            problems.append(f"{route.owner} GET {url}: {status}")
    assert not problems, "\n".join(problems)


def test_another_groups_coordinator_is_refused_everywhere_and_nothing_changes(
    client, held_world, dave
):
    login(client, dave)
    before = _snapshot()
    problems = _refusals(client, held_world, "miyako", ROUTES, REFUSED)
    assert not problems, "\n".join(problems)
    assert _snapshot() == before


def test_another_groups_ids_under_ones_own_group_are_404(client, held_world, dave):
    """dave coordinates hokko: /g/hokko/…/<an id of miyako> must find nothing."""
    login(client, dave)
    before = _snapshot()
    routes = [r for r in ROUTES if r.slugged and r.names_an_object]
    problems = _refusals(client, held_world, "hokko", routes, {404})
    assert not problems, "\n".join(problems)
    assert _snapshot() == before


def test_an_anonymous_visitor_is_sent_to_log_in_or_refused(client, held_world):
    before = _snapshot()
    problems = []
    for route in ROUTES:
        url = route.url(held_world, "miyako")
        status, body = _try(client, route, url, held_world)
        if status in (301, 302):
            continue  # to the login page: checked by the open redirect suite's next= tests
        if status not in REFUSED:
            problems.append(f"{route.method.upper()} {url}: {status}")
        elif leaked := leaks(body):
            problems.append(f"{route.method.upper()} {url}: shows {leaked}")
    assert not problems, "\n".join(problems)
    assert _snapshot() == before


def test_public_pages_of_the_group_show_nothing_private(client, held_world, dave):
    login(client, dave)
    for url in (
        "/g/miyako/",
        "/g/miyako/members/",
        "/g/miyako/knowledge/",
        "/g/miyako/catalogue/",
        "/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not leaks(html), url
        assert held_world.hidden_member.name not in shown(html), url
    html = client.get("/g/miyako/knowledge/", {"q": "研磨"}).content.decode()
    assert SECRET_ARTICLE not in shown(html)


def test_a_made_up_calendar_feed_token_is_404(client, held_world):
    token = held_world.feed.token
    assert client.get(f"/calendar/{token}.ics").status_code == 200  # the real one works
    assert client.get(f"/calendar/{token[:-2]}xx.ics").status_code == 404
