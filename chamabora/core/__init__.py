"""The chama money rules as plain Python: standard library only.

Nothing in this package may import Flask, SQLAlchemy, Redis or any network
library; `tests/unit/test_core_purity.py` enforces it.
"""
