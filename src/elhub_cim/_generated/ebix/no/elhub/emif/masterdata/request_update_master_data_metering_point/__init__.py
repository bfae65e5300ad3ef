from .v2 import RequestUpdateMasterDataMeteringPoint

__all__ = [
    "RequestUpdateMasterDataMeteringPoint",
]
