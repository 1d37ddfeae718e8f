"""Markdown to safe HTML: raw HTML in the text is shown as text, and the result is sanitised
again so that no script, event handler or javascript: link can come through."""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# CommonMark with tables and strikethrough; "html": False escapes any HTML the author typed.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code",
    "pre", "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th",
    "td",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}


def _only_our_images(tag: str, attribute: str, value: str) -> str | None:
    # Images only from this site (an article's own photos): an outside image would tell its
    # host who reads the article.
    if tag == "img" and attribute == "src" and not value.startswith("/g/"):
        return None  # "//host/…" and "/\\host" are other sites too
    return value


def render(text: str) -> SafeString:
    html = _md.render(text or "")
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_only_our_images,
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)
