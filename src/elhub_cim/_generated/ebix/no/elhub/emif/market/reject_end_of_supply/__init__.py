from .v2 import RejectEndOfSupply

__all__ = [
    "RejectEndOfSupply",
]
