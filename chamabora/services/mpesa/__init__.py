"""What M-Pesa's callbacks mean for the books: a stored callback applied once (`callbacks`,
`callback_drain`), what an STK payment was for (`purposes`, `prompts`), money paid straight to
the paybill (`paybill`), asking Daraja what it never told us (`reconcile`), the services' side of the
provider's PaymentRecords port (`payment_records`) and the SMS each outcome sends a member."""
