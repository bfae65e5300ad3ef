from .v2 import RequestEndOfSupply

__all__ = [
    "RequestEndOfSupply",
]
