from .v2 import CollectedData

__all__ = [
    "CollectedData",
]
