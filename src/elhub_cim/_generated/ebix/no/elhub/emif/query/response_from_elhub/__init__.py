from .v2 import ResponseFromElhub

__all__ = [
    "ResponseFromElhub",
]
