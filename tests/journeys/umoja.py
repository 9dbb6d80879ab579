"""The chama most journeys start from: Jane founds Umoja (KES 500 monthly) by
SMS; Otieno joins in English and Amina in Swahili. With what a person does
on the way (choosing a USSD PIN) and what the operator reads (the books)."""
import re

JANE, OTIENO, AMINA = "+254712000001", "+254712000002", "+254712000003"


def umoja(world):
    """(jane, otieno, amina, join code)"""
    jane, otieno, amina = world.phone(JANE), world.phone(OTIENO), world.phone(AMINA)
    jane.sms("REGISTER Jane Wanjiru")
    code = re.search(r"code is (\w+)", jane.sms("CREATE CHAMA Umoja 500 MONTHLY")).group(1)
    otieno.sms("REGISTER Otieno Ouma")
    otieno.sms(f"JOIN {code}")
    amina.sms("SAJILI Amina Atieno")
    amina.sms(f"JIUNGE {code}")
    return jane, otieno, amina, code


def choose_pin(phone, pin="1234"):
    """A member chooses a USSD PIN in Settings (the first PIN needs no old one)."""
    phone.dial()
    for key in ("9", "2", pin, pin, pin):
        phone.press(key)


def books(world, code, account):
    """One account's balance in the operator's `chama balances`."""
    return re.search(rf"^{account}\s+(-?[\d.]+)$", world.cli("chama", "balances", code), re.M).group(1)
