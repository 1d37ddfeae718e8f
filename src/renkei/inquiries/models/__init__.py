from renkei.inquiries.models.inquiry import Drawing, Inquiry, InquiryLine, LineStep
from renkei.inquiries.models.referral import Answer, AnswerKind, Referral

__all__ = ["Answer", "AnswerKind", "Drawing", "Inquiry", "InquiryLine", "LineStep", "Referral"]
