from renkei.inquiries.models.inquiry import Drawing, Inquiry, InquiryLine, LineStep
from renkei.inquiries.models.quote import Message, Order, Quote, QuoteLine
from renkei.inquiries.models.referral import Answer, AnswerKind, Referral

__all__ = [
    "Answer", "AnswerKind", "Drawing", "Inquiry", "InquiryLine", "LineStep", "Message", "Order",
    "Quote", "QuoteLine", "Referral",
]  # fmt: skip
