"""Every table module, imported once: Alembic, the tests and the app see the
whole schema through `Base.metadata` after importing this."""
from . import loan_tables, rule_tables, tables, web_tables  # noqa: F401
from ..claims import table as claims_table  # noqa: F401
from ..conversation import table as conversation_table  # noqa: F401
from ..fraud import table as fraud_table  # noqa: F401
from ..mpesa import tables as mpesa_tables  # noqa: F401
from ..notify import tables as notify_tables  # noqa: F401
from ..outbox import table as outbox_table  # noqa: F401
from ..sms import tables as sms_tables  # noqa: F401
from ..ussd import table as ussd_table  # noqa: F401
from .tables import Base

metadata = Base.metadata
