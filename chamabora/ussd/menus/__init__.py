"""Every USSD menu; importing this package registers them."""
from . import chamas, info, main, money, registration, settings, treasurer  # noqa: F401
