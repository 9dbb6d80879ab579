"""Forwarded-payment claims: an M-Pesa confirmation (or a picture of one) a
member sends as proof of payment, from the moment it is recorded to the
moment it counts or is refused.

- `store`: recording a claim (pending until judged) and reading it back;
- `intake`: judging a recorded claim (a Daraja record, the fraud model's
  score, or a hold for the treasurers) and a repeated receipt code;
- `receiptless`: tying a receipt to an STK payment resolved without one;
- `claimed`: money booked as only claimed, confirmed or taken back;
- `decisions`: treasurers and chairs approving or rejecting, holds expiring;
- `notices`: telling the member and asking the deciders;
- `digest`: the evening list of claims nobody has confirmed yet;
- `reviews`: the operators' list of what the checks looked at.

The scoring itself is the library in `chamabora.fraud`; the words are in
`chamabora.i18n.members` and `chamabora.i18n.officers`."""
