"""Forms of the knowledge pages: they parse what was typed; the services decide and save."""

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renkei.knowledge.access import Reader
from renkei.knowledge.choices import ArticleKind, Visibility
from renkei.knowledge.files import check_image
from renkei.knowledge.links import link_value, linkable
from renkei.knowledge.models.article import MAX_BODY
from renkei.knowledge.models.parts import MAX_ANSWER
from renkei.knowledge.services import (
    MAX_ATTENDEES,
    MAX_DECISIONS,
    Draft,
    parse_tags,
)
from renkei.orgs.models import Group

KIND_ONLY = {
    "reading": ArticleKind.GLOSSARY,
    "synonyms": ArticleKind.GLOSSARY,
    "video_url": ArticleKind.MANUAL,
    "photo": ArticleKind.MANUAL,
    "photo_caption": ArticleKind.MANUAL,
    "meeting_on": ArticleKind.MINUTES,
    "attendees": ArticleKind.MINUTES,
    "decisions": ArticleKind.MINUTES,
    "action_items": ArticleKind.MINUTES,
}
_ITEM_SPLIT = re.compile(r"\s*[|｜]\s*")


class ArticleForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("title"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("text"),
        required=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy(
            "Markdown: # heading, 1. numbered steps, **bold**, [link](https://…)."
        ),
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("who may read it"), choices=Visibility.choices
    )
    tags = forms.CharField(
        label=gettext_lazy("tags"),
        required=False,
        help_text=gettext_lazy("Separated by commas: 溶接, 治具"),
    )
    reading = forms.CharField(label=gettext_lazy("reading (よみ)"), required=False, max_length=100)
    synonyms = forms.CharField(
        label=gettext_lazy("synonyms"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Other ways to write it, separated by commas: 鍍金, メッキ"),
    )
    video_url = forms.URLField(
        label=gettext_lazy("video link"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("An https:// link to the video, e.g. on YouTube."),
    )
    photo = forms.FileField(
        label=gettext_lazy("photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text=gettext_lazy("JPEG, PNG, WebP or GIF, at most 10 MB. More can be added later."),
    )
    photo_caption = forms.CharField(
        label=gettext_lazy("photo caption"), required=False, max_length=200
    )
    meeting_on = forms.DateField(
        label=gettext_lazy("meeting date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    attendees = forms.CharField(
        label=gettext_lazy("attendees"),
        required=False,
        max_length=MAX_ATTENDEES,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decisions = forms.CharField(
        label=gettext_lazy("decisions"),
        required=False,
        max_length=MAX_DECISIONS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    action_items = forms.CharField(
        label=gettext_lazy("action items"),
        required=False,
        max_length=MAX_DECISIONS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One a line: what | who | by when (YYYY-MM-DD)"),
    )
    links = forms.MultipleChoiceField(
        label=gettext_lazy("related inquiries, companies and projects"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "link-picker"}),
        help_text=gettext_lazy(
            "Tick what this article is about; readers see only what they may open."
        ),
    )
    note = forms.CharField(label=gettext_lazy("what changed"), required=False, max_length=200)
    key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        kind: str,
        reader: Reader,
        group: Group,
        current_links: list[tuple[str, int]] | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        # Only what this person may open is offered (and so accepted); links another writer
        # made to what this person cannot open are kept as they are, unseen.
        current = current_links or []
        choices = linkable(reader, group, current=current)
        self.fields["links"].choices = choices  # type: ignore[attr-defined]
        offered = {value for _label, options in choices for value, _name in options}
        self.kept_links = [link for link in current if link_value(*link) not in offered]
        if not choices:
            del self.fields["links"]
        for name, only in KIND_ONLY.items():
            if kind != only or (editing and name in ("photo", "photo_caption")):
                del self.fields[name]
        if not editing:
            del self.fields["note"]

    def clean_tags(self) -> list[str]:
        try:
            return parse_tags(self.cleaned_data.get("tags", ""))
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["tags"]) from None

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo:
            check_image(photo)
        return photo

    def clean_action_items(self) -> list[dict[str, Any]]:
        items = []
        for line in (self.cleaned_data.get("action_items") or "").splitlines():
            if not line.strip():
                continue
            parts = [*_ITEM_SPLIT.split(line.strip()), "", ""]
            what, owner, due = parts[0], parts[1], parts[2]
            if not owner:
                raise forms.ValidationError(
                    _("“%(line)s”: write who does it after a |.") % {"line": line.strip()}
                )
            try:
                due_on = dt.date.fromisoformat(due) if due else None
            except ValueError:
                raise forms.ValidationError(
                    _("“%(date)s” is not a date: write it as 2026-04-30.") % {"date": due}
                ) from None
            items.append({"what": what, "owner": owner, "due_on": due_on})
        return items

    def clean_links(self) -> list[tuple[str, int]]:
        picked = []
        for value in self.cleaned_data.get("links") or []:
            target, _sep, number = value.partition(":")
            picked.append((target, int(number)))
        return picked + self.kept_links

    def draft(self) -> Draft:
        data = self.cleaned_data
        return Draft(
            title=data["title"],
            body=data.get("body", ""),
            visibility=data["visibility"],
            tags=data.get("tags", []),
            reading=data.get("reading", ""),
            synonyms=data.get("synonyms", ""),
            video_url=data.get("video_url", ""),
            meeting_on=data.get("meeting_on"),
            attendees=data.get("attendees", ""),
            decisions=data.get("decisions", ""),
            action_items=data.get("action_items", []),
            links=data.get("links", self.kept_links),
        )


def initial_from(article: Any) -> dict[str, Any]:
    """The edit form's starting values."""
    items = "\n".join(
        " | ".join([a.what, a.owner, a.due_on.isoformat() if a.due_on else ""]).rstrip(" |")
        for a in article.action_items.all()
    )
    links = [link_value(link.target, link.target_id) for link in article.links.all()]
    return {
        "title": article.title,
        "body": article.body,
        "visibility": article.visibility,
        "tags": ", ".join(article.tags.values_list("name", flat=True)),
        "reading": article.reading,
        "synonyms": article.synonyms,
        "video_url": article.video_url,
        "meeting_on": article.meeting_on,
        "attendees": article.attendees,
        "decisions": article.decisions,
        "action_items": items,
        "links": links,
    }


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("photo or video"))
    kind = forms.ChoiceField(
        label=gettext_lazy("kind"),
        choices=[("image", gettext_lazy("photo")), ("video", gettext_lazy("video (MP4, WebM)"))],
    )
    caption = forms.CharField(label=gettext_lazy("caption"), required=False, max_length=200)


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("your answer"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    key = forms.UUIDField(widget=forms.HiddenInput)
