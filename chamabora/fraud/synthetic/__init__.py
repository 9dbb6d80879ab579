"""A seeded, deterministic generator of labelled M-Pesa confirmations for
training and evaluating the fraud model: genuine messages from the templates
of each kind, era and language (`genuine`), forgeries made the ways fakes
are made (`forgeries`), and the labelled samples with their context
(`dataset`). The same seed always gives the same samples."""
