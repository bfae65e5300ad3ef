from .v2 import NotifyCustomerInformation

__all__ = [
    "NotifyCustomerInformation",
]
