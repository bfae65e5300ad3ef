from .v2 import NotifyMeteringPointCharacteristics

__all__ = [
    "NotifyMeteringPointCharacteristics",
]
