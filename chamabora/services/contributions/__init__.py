"""Contributions: opening and closing cycles with their levies (`cycles`, `dues`), recording a
member's payment exactly once (`payments`), the M-Pesa prompts for PAY and REPAY
(`payment_prompts`), and what each member owes as their phone and the officers' board show it
(`member_dues`, `roll`)."""
