"""Links from articles to inquiries, companies and projects, as each reader may open them."""

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from renkei.inquiries.models import Inquiry, Referral
from renkei.knowledge.access import Reader
from renkei.knowledge.choices import LinkTarget
from renkei.knowledge.models import Article
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import GroupRole


@dataclass(frozen=True)
class ShownLink:
    label: str
    url: str


def inquiry_url(user: Any, inquiry: Inquiry) -> str:
    """The reader's own page of the inquiry: the coordinator's board, else the member's
    referral (inquiries.thread does the same for comment links)."""
    coordinator = (
        getattr(user, "is_superuser", False)
        or GroupRole.objects.filter(
            user=user, group_id=inquiry.group_id, role=PersonRole.COORDINATOR
        ).exists()
    )
    if coordinator:
        return reverse("inquiries:detail", args=[inquiry.group.slug, inquiry.pk])
    referral = Referral.objects.filter(
        inquiry=inquiry, company__people__user=user, company__people__group_id=inquiry.group_id
    ).first()
    if referral is None:
        return ""
    return reverse("inquiries:referral", args=[inquiry.group.slug, referral.pk])


def shown_links(article: Article, reader: Reader) -> list[ShownLink]:
    """The article's links that this reader may follow; the others are not mentioned."""
    shown: list[ShownLink] = []
    by_target: dict[str, list[int]] = {}
    for link in article.links.all():
        by_target.setdefault(link.target, []).append(link.target_id)
    inquiry_ids = by_target.get(LinkTarget.INQUIRY, [])
    if inquiry_ids:
        visible = reader.visible_inquiries().filter(pk__in=inquiry_ids).select_related("group")
        for inquiry in visible:
            url = inquiry_url(reader.user, inquiry)
            if url:
                shown.append(ShownLink(f"{_('Inquiry')} {inquiry.reference} {inquiry.title}", url))
    company_ids = by_target.get(LinkTarget.COMPANY, [])
    if company_ids:
        for company in reader.visible_companies().filter(pk__in=company_ids).order_by("kana"):
            shown.append(ShownLink(company.name, company.get_absolute_url()))
    project_ids = by_target.get(LinkTarget.PROJECT, [])
    own_group = reader.everything or article.group_id in reader.group_ids
    if project_ids and own_group and apps.is_installed("renkei.projects"):
        shown += _projects(project_ids, article)
    return shown


def _projects(ids: list[int], article: Article) -> list[ShownLink]:
    """Projects of the article's own group only (the projects app decides the rest)."""
    try:
        model = apps.get_model("projects", "Project")
    except LookupError:
        return []
    found = []
    for project in model.objects.filter(pk__in=ids, group_id=article.group_id):
        try:
            url = project.get_absolute_url()
        except (AttributeError, NoReverseMatch):
            continue
        found.append(ShownLink(f"{_('Project')} {project}", url))
    return found
