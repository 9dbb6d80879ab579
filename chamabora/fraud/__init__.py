"""Catching forged M-Pesa confirmations: pure features (`features`,
`surface`, `tariffs`), the synthetic generator (`synthetic`), training and
the skops artifact (`model`), the scorer and its explanations (`scorer`,
`explain`), evaluation (`evaluate`), the `flask fraud` commands (`cli`), and
the decision flow for forwarded claims (`claims`, `decisions`)."""
