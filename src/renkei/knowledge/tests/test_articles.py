"""Writing, reading, revising and restoring articles through the pages."""

import re
import uuid

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.knowledge.models import Article, Revision
from renkei.knowledge.services import Draft, restore_revision, update_article
from renkei.knowledge.tests.conftest import write

pytestmark = pytest.mark.django_db


def _new(client, kind="manual", **fields):
    data = {"title": "TIG溶接の手順", "body": "1. 仮付け\n2. 本溶接", "visibility": "group",
            "key": str(uuid.uuid4())} | fields  # fmt: skip
    return client.post(reverse("knowledge:new", args=["miyako", kind]), data)


def test_a_member_writes_a_manual_and_reads_it_back(client, bob, group):
    login(client, bob)

    response = _new(client, tags="溶接, 新人教育")

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    assert article.company.name == "株式会社青木精工"
    assert sorted(article.tags.values_list("name", flat=True)) == ["新人教育", "溶接"]
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<ol>" in page and "<li>仮付け</li>" in page
    assert AuditEntry.objects.filter(action="knowledge.create").count() == 1


def test_sending_the_same_form_twice_makes_one_article(client, bob, group):
    login(client, bob)
    key = str(uuid.uuid4())

    _new(client, key=key)
    _new(client, key=key)

    assert Article.objects.count() == 1
    assert Revision.objects.count() == 1


def test_hostile_markdown_and_html_are_shown_inert(client, bob, group):
    login(client, bob)
    body = (
        '<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n\n'
        "[click](javascript:alert(1))\n\n![tracker](https://evil.example/p.png)"
    )

    _new(client, body=body, title='<b onmouseover="x">title</b>')

    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    article_html = page.split('id="article-body"')[1].split("</article>")[0]
    assert "<script>" not in article_html
    assert "&lt;script&gt;" in article_html
    assert "&lt;img src=x onerror" in article_html  # shown as text
    assert not re.search(r"<[a-z]+[^>]*\son\w+=", article_html)  # no live event handler
    assert "javascript:" not in "".join(re.findall(r'href="[^"]*"', article_html))
    assert "evil.example" not in article_html  # no outside image
    assert "<b onmouseover" not in page


def test_a_supporter_may_read_but_not_write(client, carol, bob, group):
    article = write(bob, group, title="研磨の手順")
    login(client, carol)

    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(reverse("knowledge:new", args=["miyako", "manual"])).status_code == 404
    assert _new(client).status_code == 404
    assert client.get(reverse("knowledge:edit", args=["miyako", article.pk])).status_code == 404
    assert Article.objects.count() == 1


def test_another_groups_article_ids_answer_404(client, dave, bob, group):
    article = write(bob, group, title="社外秘の条件")
    login(client, dave)
    urls = [
        reverse("knowledge:article", args=["miyako", article.pk]),
        reverse("knowledge:history", args=["miyako", article.pk]),
        reverse("knowledge:edit", args=["miyako", article.pk]),
        reverse("knowledge:article", args=["hokko", article.pk]),
        reverse("knowledge:article", args=["miyako", article.pk + 100]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    restore = reverse("knowledge:restore", args=["miyako", article.pk, 1])
    assert client.post(restore).status_code == 404


def test_region_and_public_articles_are_readable_outside_the_group(client, dave, bob, group):
    region = write(bob, group, title="地域の記事", visibility="region")
    public = write(bob, group, title="公開の記事", visibility="public")

    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(region.get_absolute_url()).status_code == 404
    login(client, dave)
    assert client.get(region.get_absolute_url()).status_code == 200


def test_an_unknown_kind_is_404(client, bob, group):
    login(client, bob)
    assert client.get(reverse("knowledge:new", args=["miyako", "poem"])).status_code == 404


def test_a_missing_title_is_refused_and_the_text_kept(client, bob, group):
    login(client, bob)

    response = _new(client, title="  ", body="大事な手順")

    assert response.status_code == 400
    assert "大事な手順" in response.content.decode()
    assert not Article.objects.exists()


def test_minutes_keep_attendees_decisions_and_action_items(client, alice, group):
    login(client, alice)

    response = _new(
        client,
        kind="minutes",
        title="第12回 研究会",
        meeting_on="2026-04-10",
        attendees="青木, 佐藤",
        decisions="治具を共同で作る。",
        action_items="治具の図面 | 青木 | 2026-04-30\n見積を集める｜佐藤",
    )

    assert response.status_code == 302
    article = Article.objects.get()
    items = list(article.action_items.values_list("what", "owner", "due_on"))
    assert [(w, o, str(d) if d else None) for w, o, d in items] == [
        ("治具の図面", "青木", "2026-04-30"),
        ("見積を集める", "佐藤", None),
    ]
    page = client.get(article.get_absolute_url()).content.decode()
    assert "治具を共同で作る。" in page and "2026-04-30" in page


def test_an_action_item_with_a_bad_date_is_refused_clearly(client, alice, group):
    login(client, alice)

    response = _new(client, kind="minutes", action_items="図面 | 青木 | 4月末")

    assert response.status_code == 400
    assert "4月末" in response.content.decode()
    assert not Article.objects.exists()


def test_a_video_link_must_be_https_and_is_shown_as_a_link(client, bob, group):
    login(client, bob)

    assert _new(client, video_url="javascript:alert(1)").status_code == 400
    assert _new(client, video_url="http://video.example/v").status_code == 400
    assert _new(client, video_url="https://video.example/v").status_code == 302
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert '<a href="https://video.example/v"' in page
    assert "<iframe" not in page


def test_edits_make_revisions_with_a_diff_and_an_old_one_can_be_restored(client, bob, group):
    article = write(bob, group, title="研磨の手順", body="番手は#400から。")
    login(client, bob)

    client.post(
        reverse("knowledge:edit", args=["miyako", article.pk]),
        {"title": "研磨の手順", "body": "番手は#600から。", "visibility": "group",
         "note": "番手を変更", "key": str(uuid.uuid4())},
    )  # fmt: skip
    article.refresh_from_db()
    assert article.revision_number == 2
    history = client.get(reverse("knowledge:history", args=["miyako", article.pk]))
    html = history.content.decode()
    assert "番手を変更" in html
    assert "diff-del" in html and "#400" in html and "#600" in html

    response = client.post(reverse("knowledge:restore", args=["miyako", article.pk, 1]))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "番手は#400から。"
    assert article.revision_number == 3
    assert list(Revision.objects.filter(article=article).values_list("number", flat=True)) == [
        3,
        2,
        1,
    ]


def test_restoring_brings_the_search_index_back_too(bob, group):
    from renkei.knowledge.search import search

    article = write(bob, group, title="手順", body="旋盤で削る。")
    update_article(actor=bob, article=article, draft=Draft(title="手順", body="研削盤で削る。"))
    assert search(bob, "旋盤").articles == []

    restore_revision(actor=bob, article=article, number=1)

    assert [h.obj.pk for h in search(bob, "旋盤").articles] == [article.pk]


def test_the_preview_renders_markdown_safely(client, bob, group):
    login(client, bob)

    response = client.post(reverse("knowledge:preview"), {"body": "**太字** <script>x</script>"})

    html = response.content.decode()
    assert "<strong>太字</strong>" in html
    assert "<script>" not in html


def test_a_group_list_shows_only_what_the_reader_may_open(client, bob, dave, group):
    write(bob, group, title="社外秘の条件")
    write(bob, group, title="公開の入門", visibility="public")
    login(client, dave)

    html = client.get(reverse("knowledge:group", args=["miyako"])).content.decode()

    assert "公開の入門" in html
    assert "社外秘" not in html
