"""The ceiling: a Flask endpoint that does nothing, served with the same
gunicorn settings as Chamabora, so a benchmark can say how much of the
server's capacity our own work uses."""
from flask import Flask, Response

app = Flask(__name__)


@app.post("/ussd/africastalking")
def hop() -> Response:
    return Response("CON ok", mimetype="text/plain")
