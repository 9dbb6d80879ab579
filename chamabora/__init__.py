"""Chamabora: chamas over USSD, SMS and WhatsApp, with M-Pesa for the money.

The Flask app is made by `chamabora.app.create_app`; everything it runs on
is built by the composition root (`chamabora.composition`).
"""
