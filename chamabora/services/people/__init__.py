"""People: registering and joining (`membership`), who is speaking from a phone (`speakers`),
PINs and one-time codes, web logins and sessions, operators' accounts, answered messages, and a
member's app or browser enrolled for push."""
