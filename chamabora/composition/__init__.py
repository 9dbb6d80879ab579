"""The composition root: the one place that builds everything Chamabora runs on
(engines, Redis, the USSD session store, senders, dispatcher, Daraja client,
media store, broadcast) from `Settings`, into one typed `Root`.

Entry points receive the root: the Flask app keeps it in `app.extensions`
(`chamabora.app.root`), the RQ worker builds one per process
(`chamabora.worker`). What differs between the local default and production
is decided here, once, from configuration; nobody downstream asks which kind
of dispatcher or store it was given.
"""
