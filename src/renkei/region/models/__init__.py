from renkei.region.models.rollups import (
    CapabilityCell,
    CapacityCell,
    DemandCell,
    FlowCell,
    InquiryOutcome,
    MonthFacts,
    RollupWatermark,
    UnmetCell,
)
from renkei.region.models.sharing import RegionOpenData, RegionSharing

__all__ = [
    "CapabilityCell",
    "CapacityCell",
    "DemandCell",
    "FlowCell",
    "InquiryOutcome",
    "MonthFacts",
    "RegionOpenData",
    "RegionSharing",
    "RollupWatermark",
    "UnmetCell",
]
