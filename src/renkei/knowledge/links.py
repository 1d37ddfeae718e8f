"""Links from articles to inquiries, companies and projects, as each reader may open them."""

from collections.abc import Iterable
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
from renkei.orgs.models import Group, GroupRole

# A picker longer than this is no help; what an article already links is offered besides.
PICKER_CAP = 300

Choices = list[tuple[str, list[tuple[str, str]]]]


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


def link_value(target: str, target_id: int) -> str:
    """How a link travels in the form (and is written in the API: ``[target, id]``)."""
    return f"{target}:{target_id}"


def linkable(reader: Reader, group: Group, *, current: Iterable[tuple[str, int]] = ()) -> Choices:
    """What this person may link an article of ``group`` to, grouped for the picker: the
    group's inquiries they may open, the companies the directory shows them and the group's
    projects — the rules search and ``shown_links`` use, so nothing is offered that the person
    could not open. The newest come first; what the article already links is always offered
    (when the person may open it)."""
    wanted: dict[str, set[int]] = {}
    for target, target_id in current:
        wanted.setdefault(target, set()).add(target_id)

    def capped(queryset: Any, target: str, order: str) -> list[Any]:
        found = {o.pk: o for o in queryset.order_by(order)[:PICKER_CAP]}
        if extra := wanted.get(target, set()) - set(found):
            found |= {o.pk: o for o in queryset.filter(pk__in=extra)}
        return list(found.values())

    inquiries = reader.visible_inquiries().filter(group=group).select_related("group")
    companies = reader.visible_companies()
    choices: Choices = [
        (
            _("Inquiries"),
            [
                (link_value(LinkTarget.INQUIRY, i.pk), str(i))
                for i in capped(inquiries, LinkTarget.INQUIRY, "-pk")
            ],
        ),
        (
            _("Companies"),
            [
                (link_value(LinkTarget.COMPANY, c.pk), c.name)
                for c in capped(companies, LinkTarget.COMPANY, "kana")
            ],
        ),
    ]
    own_group = reader.everything or group.pk in reader.group_ids
    if own_group and apps.is_installed("renkei.projects"):
        projects = apps.get_model("projects", "Project").objects.filter(group=group)
        choices.append(
            (
                _("Projects"),
                [
                    (link_value(LinkTarget.PROJECT, p.pk), str(p))
                    for p in capped(projects, LinkTarget.PROJECT, "-pk")
                ],
            )
        )
    return [(label, options) for label, options in choices if options]
