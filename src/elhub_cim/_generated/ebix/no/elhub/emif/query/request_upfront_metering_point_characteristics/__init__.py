from .v2 import RequestUpfrontMeteringPointCharacteristics

__all__ = [
    "RequestUpfrontMeteringPointCharacteristics",
]
