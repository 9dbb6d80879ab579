"""WSGI entry point: `gunicorn app:app`, `flask --app app ...`."""
from chamabora import create_app

app = create_app()
