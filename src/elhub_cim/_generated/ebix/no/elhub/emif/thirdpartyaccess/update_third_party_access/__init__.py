from .v2 import UpdateThirdPartyAccess

__all__ = [
    "UpdateThirdPartyAccess",
]
