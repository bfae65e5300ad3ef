from .v2 import NotifySharedProduction

__all__ = [
    "NotifySharedProduction",
]
