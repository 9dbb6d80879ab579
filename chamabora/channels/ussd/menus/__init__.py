"""Every USSD menu; importing this package registers them."""
from chamabora.channels.ussd.menus import (  # noqa: F401
    chamas, goals, group_goals, info, lending, main, money, officers, registration, rules, savings, settings, treasurer,
)
