from .v2 import Acknowledgement

__all__ = [
    "Acknowledgement",
]
