from renkei.inquiries.models.inquiry import Drawing, Inquiry, InquiryLine, LineStep

__all__ = ["Drawing", "Inquiry", "InquiryLine", "LineStep"]
