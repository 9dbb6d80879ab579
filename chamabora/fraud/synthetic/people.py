"""Names, businesses and agents for synthetic messages: common Kenyan given
names and surnames, and the kinds of payees a chama member pays."""
from __future__ import annotations

import random

GIVEN = ("JOHN", "MARY", "PETER", "GRACE", "JAMES", "FAITH", "DAVID", "JANE", "JOSEPH", "ESTHER", "BRIAN",
         "MERCY", "KEVIN", "ANN", "DENNIS", "LUCY", "SAMUEL", "CAROLINE", "MOSES", "PURITY", "ELIUD", "SANDRA",
         "VINCENT", "AGNES", "ROBERT", "JOYCE", "GEOFFREY", "WINNIE", "COLLINS", "BEATRICE", "NANCY", "ERNEST")
SURNAMES = ("WANJIRU", "OTIENO", "KAMAU", "AKINYI", "MUTUA", "CHEPKOECH", "NJOROGE", "ACHIENG", "KIPROTICH",
            "WAMBUI", "OCHIENG", "MUTHONI", "KARIUKI", "NYAMBURA", "ONYANGO", "KOSGEI", "WAFULA", "NJERI",
            "MWANGI", "ATIENO", "KIPRONO", "ROTICH", "NDUNGU", "MAINA", "OSEWE", "BETT", "NGENO", "KIGOTHO")
SHOPS = ("POLYMATT SUPERMARKET", "DESORA MINIMART", "NAIVAS KILIMANI", "MAMA NJERI SHOP", "UMOJA HARDWARE",
         "KERICHO APEX SERVICE STATION", "JOSKA GENERAL STORES", "TUSKYS EMBAKASI", "CHEBEWOR FILLING STATION")
PAYBILLS = ("Equity Paybill Account", "KCB Paybill AC", "DTB 247", "Co-operative Bank Collection Ac",
            "UMOJA WOMEN GROUP", "TUJENGE CHAMA SACCO", "KPLC PREPAID", "NCBA BANK PAYBILL")
BANKS = ("NCBA BANK", "KCB BANK", "EQUITY BULK ACCOUNT", "MTRH RSPO", "STANBIC to MPESA Retail 300248",
         "COOP BANK B2C", "TALA KENYA")
AGENTS = ("IDEAS MERGE LTD Smith shop", "Brothers Link Agency Vetngong Road", "SWISSCOM VENTURES LTD Joska",
          "Digital Africa Services Jolet", "WAMA MOBILE SHOP Kasarani", "KILIMO AGENCIES Nakuru")


def person(rng: random.Random, title_case: bool = False) -> str:
    given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
    if title_case:
        given, surname = given.title(), surname.title()
    return f"{given} {surname}"


def phone(rng: random.Random) -> str:
    return "07" + "".join(rng.choice("0123456789") for _ in range(8))


def masked(number: str) -> str:
    return number[:4] + "***" + number[-3:]


def account(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "".join(rng.choice("0123456789") for _ in range(rng.choice((6, 8, 10))))
    return rng.choice(("UMOJA", "TUJENGE", "MWANGAZA", "AMANI")) + rng.choice(("", "-3", "12", "#7"))
