from .v2 import NotifyValidatedDataForBillingEnergy

__all__ = [
    "NotifyValidatedDataForBillingEnergy",
]
