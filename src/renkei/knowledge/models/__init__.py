from renkei.knowledge.models.article import Article, ArticleLink, Revision, Tag
from renkei.knowledge.models.parts import ActionItem, Answer, Attachment
from renkei.knowledge.models.search import (
    GlossaryVariant,
    SearchDocument,
    SearchText,
    SearchToken,
)

__all__ = [
    "ActionItem", "Answer", "Article", "ArticleLink", "Attachment", "GlossaryVariant",
    "Revision", "SearchDocument", "SearchText", "SearchToken", "Tag",
]  # fmt: skip
