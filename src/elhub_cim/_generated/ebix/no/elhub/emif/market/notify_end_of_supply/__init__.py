from .v2 import NotifyEndOfSupply

__all__ = [
    "NotifyEndOfSupply",
]
