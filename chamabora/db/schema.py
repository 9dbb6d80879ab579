"""Every table module, imported once: Alembic, the tests and the app see the
whole schema through `Base.metadata` after importing this."""
from chamabora.db import (  # noqa: F401
    claim_tables, conversation_tables, fraud_tables, loan_tables, message_tables, mpesa_tables, notify_tables,
    outbox_tables, rule_tables, tables, ussd_tables, web_tables,
)
from chamabora.db.tables import Base

metadata = Base.metadata
