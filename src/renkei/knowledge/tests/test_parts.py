"""Photos and videos, answers to questions, and the contributions page."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renkei.conftest_helpers import login
from renkei.knowledge import contributions
from renkei.knowledge.files import MAX_IMAGE_BYTES
from renkei.knowledge.models import Answer, Article, Attachment
from renkei.knowledge.tests.conftest import png, write

pytestmark = pytest.mark.django_db


def _new_manual(client, photo, **extra):
    data = {"title": "バフ研磨の手順", "body": "1. 番手を上げる", "visibility": "group",
            "key": str(uuid.uuid4()), "photo": photo, "photo_caption": "手順1"} | extra  # fmt: skip
    return client.post(reverse("knowledge:new", args=["miyako", "manual"]), data)


def test_a_manual_with_a_photo_shows_it_to_readers_only(client, bob, dave, group, settings):
    login(client, bob)

    response = _new_manual(client, png())

    assert response.status_code == 302
    photo = Attachment.objects.get()
    assert photo.kind == "image" and (photo.width, photo.height) == (40, 30)
    assert "step1" not in photo.file.name  # stored under a random name
    url = reverse("knowledge:attachment", args=["miyako", photo.article_id, photo.pk])
    assert url in client.get(photo.article.get_absolute_url()).content.decode()
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    client.logout()
    login(client, dave)
    assert client.get(url).status_code == 404


def test_a_fake_image_is_refused_clearly_and_the_text_is_kept(client, bob, group):
    login(client, bob)
    fake = SimpleUploadedFile("step.png", b"<script>alert(1)</script>", content_type="image/png")

    response = _new_manual(client, fake)

    assert response.status_code == 400
    html = response.content.decode()
    assert "is not a photo we can show" in html or "写真" in html
    assert "番手を上げる" in html
    assert not Article.objects.exists()
    assert not Attachment.objects.exists()


def test_an_oversized_photo_is_refused_and_nothing_is_lost(client, bob, group):
    article = write(bob, group, title="研磨の手順")
    login(client, bob)
    big = SimpleUploadedFile(
        "big.png", b"\x89PNG" + b"0" * MAX_IMAGE_BYTES, content_type="image/png"
    )

    response = client.post(
        reverse("knowledge:attach", args=["miyako", article.pk]),
        {"file": big, "kind": "image", "caption": "大きすぎ"},
        follow=True,
    )

    assert "too large" in response.content.decode() or "大きすぎます" in response.content.decode()
    assert not Attachment.objects.exists()
    assert Article.objects.get().title == "研磨の手順"


def test_a_video_is_checked_by_its_signature(client, bob, group):
    article = write(bob, group, title="溶接の動画")
    login(client, bob)
    url = reverse("knowledge:attach", args=["miyako", article.pk])
    mp4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64

    client.post(url, {"file": SimpleUploadedFile("a.mp4", b"not a video"), "kind": "video"})
    client.post(url, {"file": SimpleUploadedFile("b.mp4", mp4), "kind": "video"})

    assert list(Attachment.objects.values_list("original_name", "content_type")) == [
        ("b.mp4", "video/mp4")
    ]


def test_a_supporter_cannot_add_photos(client, carol, bob, group):
    article = write(bob, group, title="研磨の手順")
    login(client, carol)

    response = client.post(
        reverse("knowledge:attach", args=["miyako", article.pk]),
        {"file": png(), "kind": "image"},
    )

    assert response.status_code == 404
    assert not Attachment.objects.exists()


def test_answers_are_posted_once_and_the_asker_accepts_one(client, alice, bob, group):
    question = write(bob, group, kind="question", title="SUS304の溶接で焼けが出ます")
    login(client, alice)
    key = str(uuid.uuid4())
    url = reverse("knowledge:answer", args=["miyako", question.pk])

    client.post(url, {"body": "バックシールドを使ってください。", "key": key})
    client.post(url, {"body": "バックシールドを使ってください。", "key": key})

    answer = Answer.objects.get()
    client.logout()
    login(client, bob)
    response = client.post(reverse("knowledge:accept", args=["miyako", question.pk, answer.pk]))
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.accepted


def test_an_empty_answer_is_refused(client, bob, group):
    question = write(bob, group, kind="question", title="質問")
    login(client, bob)

    response = client.post(
        reverse("knowledge:answer", args=["miyako", question.pk]),
        {"body": "   ", "key": str(uuid.uuid4())},
    )

    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_only_the_asker_or_a_coordinator_may_accept(client, alice, bob, carol, group):
    question = write(alice, group, kind="question", title="質問")
    from renkei.knowledge.parts import post_answer

    answer = post_answer(actor=bob, article=question, body="回答", key=uuid.uuid4())
    login(client, carol)

    response = client.post(reverse("knowledge:accept", args=["miyako", question.pk, answer.pk]))

    assert response.status_code == 404
    answer.refresh_from_db()
    assert not answer.accepted


def test_contributions_count_articles_revisions_answers_and_accepted(alice, bob, group):
    from renkei.knowledge.parts import accept_answer, post_answer
    from renkei.knowledge.services import Draft, update_article

    manual = write(bob, group, title="手順")
    update_article(actor=bob, article=manual, draft=Draft(title="手順", body="追記"))
    question = write(alice, group, kind="question", title="質問")
    accept_answer(
        actor=alice, answer=post_answer(actor=bob, article=question, body="回答", key=uuid.uuid4())
    )

    rows = {(r.company_name, r.username): r for r in contributions.monthly(group)}

    bob_row = rows[("株式会社青木精工", "bob")]
    assert (bob_row.articles, bob_row.revisions, bob_row.answers, bob_row.accepted) == (1, 1, 1, 1)
    alice_row = rows[("", "alice")]
    assert (alice_row.articles, alice_row.revisions, alice_row.answers) == (1, 0, 0)
    totals = contributions.by_company(group)
    assert sum(n for (_month, name), n in totals.items() if name == "株式会社青木精工") == 4


def test_the_contributions_page_is_for_coordinators(client, alice, bob, dave, group):
    write(bob, group, title="手順")
    url = reverse("knowledge:contributions", args=["miyako"])

    login(client, bob)
    assert client.get(url).status_code == 404
    client.logout()
    login(client, dave)
    assert client.get(url).status_code == 404
    client.logout()
    login(client, alice)
    response = client.get(url)
    assert response.status_code == 200
    assert "株式会社青木精工" in response.content.decode()


def test_the_article_page_needs_a_fixed_number_of_queries(
    client, bob, group, django_assert_max_num_queries
):
    article = write(bob, group, title="手順", body="本文")
    for n in range(3):
        from renkei.knowledge.parts import add_attachment

        add_attachment(actor=bob, article=article, upload=png(f"s{n}.png"), kind="image")
    login(client, bob)

    with django_assert_max_num_queries(25):
        assert client.get(article.get_absolute_url()).status_code == 200
