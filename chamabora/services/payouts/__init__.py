"""Payouts and approvals: closing a cycle with its fines and pot (`closing`), whose turn comes
next (`payout_order`), the members' vote on a large payout, default protection, who must sign
(`approvals`), the payouts waiting for a signature, and B2C disbursements and their results."""
