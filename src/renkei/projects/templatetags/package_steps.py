"""The package page's one big button: the progress tap that comes next for its current stage."""

from django import template

from renkei.projects.choices import STAGE_OF_EVENT, STAGE_ORDER, Stage

register = template.Library()


@register.filter
def next_tap(stage: str) -> str:
    """The event kind that moves a package on from ``stage`` (着手 before anything, 工程完了
    after 着手 …), or "" once it has shipped. A later tap may still be made from the grid: a
    shop that skips its own inspection reports 出荷 straight away."""
    try:
        current = STAGE_ORDER.index(Stage(stage))
    except ValueError:
        return ""
    for kind, reached in STAGE_OF_EVENT.items():
        if STAGE_ORDER.index(reached) == current + 1:
            return str(kind)
    return ""
