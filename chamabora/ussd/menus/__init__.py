"""Every USSD menu; importing this package registers them."""
from . import chamas, goals, info, lending, main, money, registration, settings, treasurer  # noqa: F401
