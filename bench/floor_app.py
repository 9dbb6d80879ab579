"""The floor for a USSD hop: the round trips a hop cannot avoid and nothing
else, served like Chamabora (Flask, the same gunicorn settings).

An opening hop reads the caller from PostgreSQL and stores the session with
SET NX; a later hop reads the session, reads the caller and writes the
session: one Redis command and one query, or two and one. No menus, no
translations, no SQLAlchemy; Redis through redis-py (with hiredis), as
Chamabora's sessions are. What Chamabora reaches
against the trivial endpoint can be read against what this reaches: the
distance between the two is the cost of our own code.
"""
from __future__ import annotations

import json
import os
import threading
from urllib.parse import parse_qsl

import psycopg
import redis
from flask import Flask, Response, request

app = Flask(__name__)
sessions = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=2)
DSN = os.environ["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
CALLER = "SELECT id, name, language FROM members WHERE phone = %s"
local = threading.local()


def database() -> psycopg.Connection:
    connection = getattr(local, "connection", None)
    if connection is None:
        connection = local.connection = psycopg.connect(DSN, autocommit=True)
    return connection


@app.post("/ussd/africastalking")
def hop() -> Response:
    form = dict(parse_qsl(request.get_data().decode(), keep_blank_values=True))
    key = "chamabora:floor:" + form.get("sessionId", "")
    opening = not form.get("text")
    state = {} if opening else json.loads(sessions.get(key) or "{}")
    with database().cursor() as cursor:
        cursor.execute(CALLER, (form.get("phoneNumber", ""),))
        caller = cursor.fetchone()
    state.update(menu="balance" if form.get("text") else "main", caller=caller[0] if caller else None)
    sessions.set(key, json.dumps(state), ex=180, nx=opening)
    return Response("CON ok", mimetype="text/plain")
