"""A way into the knowledge market: the search page lists the person's groups' knowledge pages
with 「記事を書く」, and the group's page links to its knowledge page."""

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login

pytestmark = pytest.mark.django_db


def test_the_search_page_leads_a_writer_to_their_groups_knowledge(client, bob, group):
    login(client, bob)
    page = client.get(reverse("knowledge:search"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    knowledge = reverse("knowledge:group", args=[group.slug])
    assert 'id="my-knowledge"' in page
    assert f'href="{knowledge}"' in page and group.name in page
    assert f'href="{knowledge}#write"' in page and "記事を書く" in page
    # and the link lands where the writing starts
    written = client.get(knowledge).content.decode()
    assert 'id="write"' in written
    assert reverse("knowledge:new", args=[group.slug, "manual"]) in written


def test_a_supporter_finds_the_page_but_no_writing(client, carol, group):
    login(client, carol)
    page = client.get(reverse("knowledge:search")).content.decode()
    assert f'href="{reverse("knowledge:group", args=[group.slug])}"' in page
    assert "#write" not in page


def test_only_the_persons_own_groups_are_listed(client, bob, other_group):
    login(client, bob)
    page = client.get(reverse("knowledge:search")).content.decode()
    assert reverse("knowledge:group", args=[other_group.slug]) not in page
    client.logout()
    assert 'id="my-knowledge"' not in client.get(reverse("knowledge:search")).content.decode()


def test_the_group_page_links_to_its_knowledge(client, group):
    page = client.get(group.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert f'href="{reverse("knowledge:group", args=[group.slug])}"' in page
    assert 'id="group-knowledge"' in page
