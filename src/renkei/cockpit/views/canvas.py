"""The group's business model canvas: edited by the coordinator, printable by everyone in it.
The seed draws canvases of four platforms (l.4806–4970)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renkei.cockpit.models import Canvas
from renkei.cockpit.models.canvas import BLOCKS
from renkei.cockpit.services.canvas import save_canvas
from renkei.cockpit.views.access import is_coordinator, readable_group
from renkei.lib.canvases import EXAMPLES

LABELS = {
    "key_partners": gettext_lazy("キーパートナー (key partners)"),
    "key_activities": gettext_lazy("主要活動 (key activities)"),
    "key_resources": gettext_lazy("リソース (key resources)"),
    "value_propositions": gettext_lazy("価値提案 (value propositions)"),
    "customer_relationships": gettext_lazy("顧客との関係 (customer relationships)"),
    "channels": gettext_lazy("チャネル (channels)"),
    "customer_segments": gettext_lazy("顧客セグメント (customer segments)"),
    "cost_structure": gettext_lazy("コスト構造 (cost structure)"),
    "revenue_streams": gettext_lazy("収益の流れ (revenue streams)"),
}


@login_required
def canvas(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    can_edit = is_coordinator(request, group)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        posted = {name: request.POST.get(name, "") for name in BLOCKS}
        try:
            save_canvas(actor=request.user, group=group, blocks=posted)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Canvas saved."))
        return redirect("cockpit:canvas", slug=group.slug)
    saved = Canvas.objects.filter(group=group).first()
    values = saved.blocks if saved else {}
    blocks = [(name, LABELS[name], values.get(name, "")) for name in BLOCKS]
    context = {
        "group": group,
        "blocks": blocks,
        "saved": saved,
        "can_edit": can_edit and request.GET.get("print") is None,
        "examples": [
            (
                example,
                [(LABELS[name], example.blocks[name]) for name in BLOCKS if name in example.blocks],
            )
            for example in EXAMPLES
        ],
    }
    return render(request, "cockpit/canvas.html", context)
