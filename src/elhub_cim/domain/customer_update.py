"""Customer information of a metering point sent to Elhub (BRS-NO-301): the business document.

The balance supplier tells Elhub the customer at a metering point: identity, name, whether
metering values are kept longer, ways to reach the customer and one or two addresses. EMIF
``RequestUpdateCustomerInformation``; CIM ``RequestChangeCustomerCharacteristics_MarketDocument``
(the Nordic document, extended with Elhub's fields in the customer shape of profile 0.2). Elhub
answers with an Acknowledgement and passes the customer on as ``NotifyCustomerInformation``
(BRS-NO-301, :class:`~elhub_cim.domain.supply.CustomerInformationNotification`).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator

from .common import BusinessDocument, CustomerAddress, DocumentDirection, MeteringPointId
from .supply import Customer
from .types import EventTime

__all__ = ["CustomerInformationUpdateRequest"]


class CustomerInformationUpdateRequest(BusinessDocument):
    """A supplier sends the customer at a metering point to Elhub (301).

    EMIF requires the customer's identification and the extended-storage flag here, and has no
    NACE code in this message (the supplier gives it in the start of supply).
    """

    direction: ClassVar[DocumentDirection] = "to_elhub"
    default_document_type: ClassVar[str | None] = "E10"
    start: EventTime | None = Field(default=None, description="From when the data apply.")
    metering_point: MeteringPointId
    customer: Customer
    customer_addresses: list[CustomerAddress] = Field(min_length=1, max_length=2)

    @model_validator(mode="after")
    def _customer_as_emif_has_it(self) -> CustomerInformationUpdateRequest:
        customer = self.customer
        required = {
            "id": customer.id,
            "extended_storage_metering_values": customer.extended_storage_metering_values,
        }
        missing = [name for name, value in required.items() if value is None]
        if missing:
            raise ValueError(f"customer: {', '.join(missing)} required in a 301 request")
        if self.customer.nace_division_code is not None:
            raise ValueError(
                "customer.nace_division_code: RequestUpdateCustomerInformation has no NACE code"
            )
        return self
