"""M-Pesa through Safaricom's Daraja API: the client, the callback endpoints,
the ledger work each callback causes (exactly once), reconciliation of what
never arrived, payout approval and B2C disbursement, and a local Daraja
simulator."""
