"""A person's own notices: the list, opening one, marking all read, the mail preference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.notices import services
from renkei.notices.forms import PreferenceForm
from renkei.notices.models import Notice

PAGE = 100


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(
        request.POST or None, initial={"mail": services.mail_choice(request.user)}
    )
    if request.method == "POST":
        if form.is_valid():
            services.set_mail_preference(actor=request.user, mail=form.cleaned_data["mail"])
            messages.success(request, _("Saved."))
            return redirect("notices:list")
        messages.error(request, _("Please choose one of the options."))
    notices = Notice.objects.for_user(request.user).select_related("group")[:PAGE]
    return render(
        request,
        "notices/list.html",
        {"notices": notices, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def open_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks the notice read and goes to what it is about; another person's notice is 404."""
    notice = get_object_or_404(Notice.objects.for_user(request.user), pk=pk)
    services.mark_read(user=request.user, notice=notice)
    if not url_has_allowed_host_and_scheme(notice.link, allowed_hosts={request.get_host()}):
        return redirect("notices:list")
    return redirect(notice.link)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("Marked %(n)s notices read.") % {"n": count})
    return redirect("notices:list")
