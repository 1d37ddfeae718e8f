"""The demo group's knowledge articles: written once, and found the way a visitor searches."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from renkei.knowledge.demo import load_demo_knowledge
from renkei.knowledge.models import Article
from renkei.knowledge.search import search
from renkei.orgs.choices import PersonRole
from renkei.orgs.services import grant_role

pytestmark = pytest.mark.django_db


def test_the_demo_articles_load_once_and_synonyms_find_each_other(group, aoki):
    users = get_user_model().objects
    grant_role(
        actor=None, user=users.create_user("coordinator"), group=group, role=PersonRole.COORDINATOR
    )
    member = users.create_user("member")
    grant_role(actor=None, user=member, group=group, role=PersonRole.MEMBER_ADMIN, company=aoki)

    assert load_demo_knowledge(group) == 5
    assert load_demo_knowledge(group) == 0

    assert Article.objects.count() == 5
    titles = {h.obj.title for h in search(AnonymousUser(), "鍍金").articles}
    assert {"めっき", "第8回 めっき・表面処理 研究会 議事録"} <= titles
    question = Article.objects.get(kind="question")
    assert question.company == aoki
    assert question.answers.filter(accepted=True).count() == 1
