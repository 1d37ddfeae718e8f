from renkei.inquiries.models.boundary import BoundaryRule, RuleKind
from renkei.inquiries.models.comment import Comment, Mention
from renkei.inquiries.models.deciding import Hand, LeadCompany, Meeting, MeetingDecision
from renkei.inquiries.models.inquiry import Drawing, Inquiry, InquiryLine, LineStep
from renkei.inquiries.models.offer import AnswerOffer
from renkei.inquiries.models.quote import Message, Order, Quote, QuoteLine
from renkei.inquiries.models.referral import Answer, AnswerKind, Referral

__all__ = [
    "Answer", "AnswerKind", "AnswerOffer", "BoundaryRule", "Comment", "Drawing", "Hand",
    "Inquiry", "InquiryLine", "LeadCompany", "LineStep", "Meeting", "MeetingDecision", "Mention",
    "Message", "Order", "Quote", "QuoteLine", "Referral", "RuleKind",
]  # fmt: skip
