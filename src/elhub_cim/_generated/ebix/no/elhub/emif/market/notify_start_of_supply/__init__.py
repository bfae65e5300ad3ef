from .v2 import NotifyStartOfSupply

__all__ = [
    "NotifyStartOfSupply",
]
