"""WSGI entry point: `gunicorn app:app`, `flask --app app ...`."""
import gc

from chamabora.app import create_app

app = create_app()
# What start-up made (the app, SQLAlchemy's tables, the fraud model, the catalogs) lives as long as
# the process. Frozen, it is no longer walked by every full garbage collection: those walks were
# 280 ms pauses that set a 10,000-member board's p95 at 390 ms instead of 112 ms (bench_web).
gc.collect()
gc.freeze()
