from .v2 import RejectStartOfSupply

__all__ = [
    "RejectStartOfSupply",
]
