from .v2 import ResponseFromGridAccessProvider

__all__ = [
    "ResponseFromGridAccessProvider",
]
