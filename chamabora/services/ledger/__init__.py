"""The books: writing core entries into the journal and reading balances back (`store`), the
chama's cash under its row lock (`cash`), statements and reports for members and officers, and an
operator's reversal of a payment booked by mistake (`reversals`)."""
