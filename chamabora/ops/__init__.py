"""Operating Chamabora: structured logs, Prometheus metrics, health and
readiness, error pages and Sentry. Infrastructure under every layer: it
imports no business module, and any layer may tell it what it is doing."""
