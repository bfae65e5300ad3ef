from .v2 import RequestToGridAccessProvider

__all__ = [
    "RequestToGridAccessProvider",
]
