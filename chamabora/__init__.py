"""Chamabora: chamas over USSD, SMS and WhatsApp, with M-Pesa for the money."""
