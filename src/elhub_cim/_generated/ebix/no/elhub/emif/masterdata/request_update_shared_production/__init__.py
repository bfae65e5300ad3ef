from .v2 import RequestUpdateSharedProduction

__all__ = [
    "RequestUpdateSharedProduction",
]
