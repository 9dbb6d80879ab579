"""Lending: a loan from the quote to the last repayment: quotes within the chama's policy,
guarantors and approval, the loans waiting for an officer, disbursement by B2C and its result
(`loan_payouts`), repayments, and who hears about each step (`loan_notices`)."""
