from .v2 import PriceVolumeCombinationForReconciliation

__all__ = [
    "PriceVolumeCombinationForReconciliation",
]
