from .v2 import RequestUpdateCustomerInformation

__all__ = [
    "RequestUpdateCustomerInformation",
]
