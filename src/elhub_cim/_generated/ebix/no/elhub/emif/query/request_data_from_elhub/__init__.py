from .v2 import RequestDataFromElhub

__all__ = [
    "RequestDataFromElhub",
]
