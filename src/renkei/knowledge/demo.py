"""Japanese demo articles for the demo group: a manual, minutes, a question with answers and
glossary terms. Written through the services, keyed by title: a second run writes nothing."""

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth import get_user_model

from renkei.knowledge.models import Article
from renkei.knowledge.parts import accept_answer, post_answer
from renkei.knowledge.services import Draft, create_article
from renkei.orgs.models import Group

ARTICLES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (
        "member",
        "manual",
        {
            "title": "アルミ A5052 の TIG 溶接 作業手順",
            "body": (
                "ベテランの作業を聞き取り、若手向けにまとめた手順です（つながる町工場の"
                "共通技能マニュアルにならって）。\n\n"
                "1. 開先と周囲をアセトンで脱脂し、ステンレスブラシで酸化皮膜を落とす\n"
                "2. 交流 TIG、クリーニング幅は 30 % から始める\n"
                "3. 仮付けは 50 mm ピッチ。ひずみを見て順序を決める\n"
                "4. 本溶接は溶加棒 A5356、トーチ角度 70〜80°\n"
                "5. 冷えてから歪みを確認し、記録表に書く"
            ),
            "tags": ["溶接", "アルミ", "新人教育"],
            "visibility": "region",
            "video_url": "https://www.youtube.com/watch?v=example",
        },
    ),
    (
        "coordinator",
        "minutes",
        {
            "title": "第8回 めっき・表面処理 研究会 議事録",
            "body": "硬質クロムめっきの下地処理と、膜厚のばらつきについて意見交換した。",
            "meeting_on": dt.date(2026, 4, 10),
            "attendees": "桂川精工、洛南鍍金工業、洛南市、事務局",
            "decisions": "膜厚の測り方を会員で揃える。\n次回は大学の先生を招く。",
            "action_items": [
                {"what": "膜厚測定の手順案", "owner": "洛南鍍金工業", "due_on": "2026-05-08"},
                {"what": "講師の打診", "owner": "事務局", "due_on": "2026-04-30"},
            ],
            "tags": ["めっき", "研究会"],
            "visibility": "public",
        },
    ),
    (
        "member",
        "question",
        {
            "title": "SUS304 の溶接で裏側に焼けが出ます",
            "body": "板厚 2 mm の突合せで裏波側が黒く焼けます。対策を教えてください。",
            "tags": ["溶接", "ステンレス"],
        },
    ),
    (
        "coordinator",
        "glossary",
        {
            "title": "めっき",
            "reading": "めっき",
            "synonyms": "鍍金, メッキ, plating",
            "body": (
                "金属や樹脂の表面に、別の金属の薄い膜をつける処理。電気めっきと無電解めっきがある。"
            ),
            "visibility": "public",
        },
    ),
    (
        "coordinator",
        "glossary",
        {
            "title": "開先",
            "reading": "かいさき",
            "synonyms": "グルーブ, groove",
            "body": "溶接する部材の端につける溝。V 形、レ形、X 形などがある。",
            "visibility": "public",
        },
    ),
)
ANSWER = "裏側にアルゴンのバックシールドを流してください。治具に溝を切ると流しやすいです。"


def load_demo_knowledge(group: Group) -> int:
    """Writes the demo articles that are missing; returns how many it wrote."""
    users = {u.get_username(): u for u in get_user_model().objects.all()}
    made = 0
    for username, kind, fields in ARTICLES:
        if Article.objects.filter(group=group, title=fields["title"]).exists():
            continue
        article = create_article(
            actor=users.get(username), group=group, kind=kind, draft=Draft(**fields)
        )
        made += 1
        if kind == "question" and "coordinator" in users:
            answer = post_answer(
                actor=users["coordinator"], article=article, body=ANSWER, key=uuid.uuid4()
            )
            accept_answer(actor=users.get(username), answer=answer)
    return made
