from .v2 import ConfirmStartOfSupply

__all__ = [
    "ConfirmStartOfSupply",
]
