from renkei.settlement.models.distribution import CapitalEntry, Distribution, Shareholder
from renkei.settlement.models.documents import (
    DocumentEvent,
    DocumentNumber,
    FrozenDocument,
    IssuedDocument,
)
from renkei.settlement.models.orders import MemberShare, MemberTrade, OrderSettlement, PurchaseOrder
from renkei.settlement.models.payments import (
    BankImport,
    Payment,
    PaymentAllocation,
    Reminder,
    Statement,
    TransferFile,
)
from renkei.settlement.models.profile import GroupSettlement, MemberBilling

__all__ = [
    "BankImport", "CapitalEntry", "Distribution", "DocumentEvent", "DocumentNumber",
    "FrozenDocument", "GroupSettlement", "IssuedDocument", "MemberBilling", "MemberShare",
    "MemberTrade", "OrderSettlement", "Payment", "PaymentAllocation", "PurchaseOrder", "Reminder",
    "Shareholder", "Statement", "TransferFile",
]  # fmt: skip
