from .v2 import ConfirmEndOfSupply

__all__ = [
    "ConfirmEndOfSupply",
]
