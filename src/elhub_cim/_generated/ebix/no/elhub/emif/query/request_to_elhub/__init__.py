from .v2 import RequestToElhub

__all__ = [
    "RequestToElhub",
]
