"""Catching forged M-Pesa confirmations, as a library: pure features
(`features`, `surface`, `tariffs`), the synthetic generator (`synthetic`),
training and the skops artifact (`model`), the scorer and its explanations
(`scorer`, `explain`), the hold policy (`policy`) and evaluation
(`evaluate`). It knows nothing of chamas or the ledger: the workflow that
records, judges and decides a forwarded claim is `chamabora.services.claims`,
and the `flask fraud` commands are `chamabora.cli.fraud`."""
