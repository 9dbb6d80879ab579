"""Payment claims: forwarded M-Pesa confirmations (and receipt images) a
member sends as proof of payment, held as pending until they are judged."""
