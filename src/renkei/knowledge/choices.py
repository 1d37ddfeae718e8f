"""Enumerations of the knowledge market."""

from django.db import models
from django.utils.translation import gettext_lazy as _


# つながる町工場 wrote skill manuals from veterans' work with photos and video (seed
# l.4773–4785); 京都試作ネット published its study-group minutes (l.1684–1688). Kept as a
# comment: the docstring is the API's description of the field.
class ArticleKind(models.TextChoices):
    """What an article is: a manual, meeting minutes, a question, a case or a glossary term."""

    MANUAL = "manual", _("作業マニュアル (manual)")
    MINUTES = "minutes", _("議事録 (meeting minutes)")
    QUESTION = "question", _("Q&A (question)")
    CASE = "case", _("事例・教訓 (case / lesson)")
    GLOSSARY = "glossary", _("用語 (glossary term)")


class Visibility(models.TextChoices):
    """Who may read an article."""

    GROUP = "group", _("グループ内 (people of the group)")
    REGION = "region", _("地域内 (people of any group in the region)")
    PUBLIC = "public", _("公開 (anyone)")


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("photo")
    VIDEO = "video", _("video")


class DocType(models.TextChoices):
    """What a search document stands for."""

    ARTICLE = "article", _("article")
    INQUIRY = "inquiry", _("inquiry")


class LinkTarget(models.TextChoices):
    INQUIRY = "inquiry", _("inquiry")
    COMPANY = "company", _("company")
    PROJECT = "project", _("project")
