"""Every USSD menu; importing this package registers them."""
from . import chamas, goals, info, lending, main, money, registration, rules, savings, settings, treasurer  # noqa: F401
