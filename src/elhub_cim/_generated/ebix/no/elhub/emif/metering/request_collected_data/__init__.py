from .v2 import RequestCollectedData

__all__ = [
    "RequestCollectedData",
]
