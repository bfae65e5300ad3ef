from .v2 import PollForData

__all__ = [
    "PollForData",
]
