from .v2 import RequestStartOfSupply

__all__ = [
    "RequestStartOfSupply",
]
