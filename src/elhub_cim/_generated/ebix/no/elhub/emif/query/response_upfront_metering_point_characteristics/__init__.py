from .v2 import ResponseUpfrontMeteringPointCharacteristics

__all__ = [
    "ResponseUpfrontMeteringPointCharacteristics",
]
