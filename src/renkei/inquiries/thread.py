"""Pages of the internal comment thread: posting a comment, and a link that opens the thread on
the reader's own page of the inquiry (the coordinator's inquiry page or the member's referral)."""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renkei.inquiries import comments, referrals
from renkei.inquiries.models import Inquiry, Referral
from renkei.inquiries.models.comment import MAX_COMMENT
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group
from renkei.orgs.permissions import has_role, member_group_or_404


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("comment"),
        required=False,  # the service's own message says what is wrong, politely
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT}),
        help_text=gettext_lazy(
            "Only the coordinators and the members this inquiry was passed to see this; "
            "never the customer. Write @login-name to let someone know."
        ),
    )
    key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the inquiry page also has the customer message form with a "body" field.
        kwargs.setdefault("auto_id", "comment_%s")
        super().__init__(*args, **kwargs)

    def clean_body(self) -> str:
        try:
            return comments.clean_body(self.cleaned_data.get("body", ""))
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


def new_comment_form() -> CommentForm:
    """A fresh form with its one-time key, for the inquiry pages."""
    return CommentForm(initial={"key": uuid.uuid4()})


def _inquiry_or_404(request: HttpRequest, slug: str, pk: int) -> tuple[Group, Inquiry]:
    """The inquiry if this person may read its thread; another group's, a supporter, a member
    it was not passed to: 404."""
    group = member_group_or_404(request, slug)
    inquiry = get_object_or_404(Inquiry.objects.for_group(group).select_related("group"), pk=pk)
    if not comments.can_read_thread(request.user, inquiry):
        raise Http404
    return group, inquiry


def _thread_url(request: HttpRequest, group: Group, inquiry: Inquiry) -> str:
    if has_role(request.user, group, PersonRole.COORDINATOR):
        url = reverse("inquiries:detail", args=[group.slug, inquiry.pk])
    else:
        mine = referrals.companies_acting_for(request.user, group)
        referral = Referral.objects.filter(inquiry=inquiry, company_id__in=mine).first()
        if referral is None:
            raise Http404
        url = reverse("inquiries:referral", args=[group.slug, referral.pk])
    return url + "#comments"


@login_required
def comments_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, inquiry = _inquiry_or_404(request, slug, pk)
    back = _thread_url(request, group, inquiry)
    if request.method != "POST":
        return redirect(back)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "inquiries/comment_form.html",
            {"group": group, "inquiry": inquiry, "form": form, "back": back},
            status=400,
        )
    comments.post_comment(
        actor=request.user,
        inquiry=inquiry,
        body=form.cleaned_data["body"],
        key=form.cleaned_data["key"],
    )
    messages.success(request, _("Comment posted."))
    return redirect(back)
