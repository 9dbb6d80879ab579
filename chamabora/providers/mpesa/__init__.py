"""M-Pesa through Safaricom's Daraja API, as a provider: the client (OAuth,
STK push and query, C2B registration, B2C, transaction status, reversal), its
wire format and shared access token, the outbox senders for prompts and B2C
payments, and a local Daraja simulator. It decides no business rule: what a
request or a callback means for the books is the services'."""
