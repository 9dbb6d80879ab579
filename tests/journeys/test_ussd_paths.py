"""USSD paths a new member walks: the first PIN is chosen on the way to paying
and the payment goes on with its amount; 0 and 00 work on PIN screens too; a
wrong join code is asked again; amounts over a limit are refused before the
PIN, a loan's before the months; My chamas shows each code; the statement is
one line per payment and pages back with 98. In English and in Swahili."""
import re

JANE, OTIENO, AMINA = "+254712000001", "+254712000002", "+254712000003"


def umoja(world, swahili=False):
    """Jane founds Umoja (KES 500 a month) by SMS; Amina registers and joins by SMS, so has no PIN."""
    jane, amina = world.phone(JANE), world.phone(AMINA)
    jane.sms("SAJILI Jane Wanjiru" if swahili else "REGISTER Jane Wanjiru")
    created = jane.sms("UNDA CHAMA Umoja 500 KILA MWEZI" if swahili else "CREATE CHAMA Umoja 500 MONTHLY")
    code = re.search(r"(?:code is|nambari yake ni|ni) (\w{6})", created).group(1)
    amina.sms("SAJILI Amina Atieno" if swahili else "REGISTER Amina Atieno")
    amina.sms(f"{'JIUNGE' if swahili else 'JOIN'} {code}")
    return jane, amina, code


def test_amina_chooses_her_first_pin_on_the_way_to_paying_and_the_payment_goes_on(world):
    _jane, amina, _code = umoja(world)
    amina.dial()
    assert amina.press("1").startswith("CON Contribute to Umoja")
    assert amina.press("500") == "CON Money actions need a PIN. Choose a 4-digit PIN:"
    assert amina.press("1234") == "CON Enter the same PIN again:"
    assert amina.press("1234") == "CON Your PIN is set.\nPay KES 500 to Umoja.\nEnter your PIN to confirm:"
    assert amina.press("1234").startswith("END An M-Pesa prompt for KES 500 to Umoja is coming")
    assert amina.last().startswith("Received KES 500 for Umoja")
    assert amina.sms("BAL").startswith("Umoja: you have paid KES 500.")


def test_in_swahili_a_mistyped_second_pin_asks_again_and_the_amount_is_kept(world):
    _jane, amina, _code = umoja(world, swahili=True)
    amina.dial()
    amina.press("1")
    assert amina.press("700") == "CON Huduma za pesa zinahitaji PIN. Chagua PIN ya tarakimu 4:"
    amina.press("4321")
    assert amina.press("4322").startswith("CON PIN hazikulingana.")
    amina.press("4321")
    assert amina.press("4321") == ("CON PIN yako imewekwa.\nLipa KES 700 kwa Umoja.\n"
                                   "Weka PIN yako kuthibitisha:")
    assert amina.press("4321").startswith("END Ombi la M-Pesa la KES 700 kwa Umoja linakuja")
    assert amina.sms("SALIO").endswith("Umelipa mapema: KES 200.")  # the KES 500 due, and 200 ahead


def test_settings_change_pin_never_asks_for_a_pin_amina_never_chose(world):
    _jane, amina, _code = umoja(world)
    amina.dial()
    amina.press("9")
    assert amina.press("2") == "CON Choose a new 4-digit PIN:"
    amina.press("2580")
    assert amina.press("2580").startswith("CON Your PIN is set.\n1 Contribute")
    amina.press("9")
    assert amina.press("2") == "CON Enter your current PIN:"


def test_back_and_home_work_on_pin_screens(world):
    _jane, amina, _code = umoja(world)
    amina.dial()
    amina.press("1")
    assert amina.press("500").startswith("CON Money actions need a PIN.")
    assert amina.press("0").startswith("CON Contribute to Umoja")  # back to the amount
    amina.press("500")
    amina.press("1234")
    amina.press("1234")
    assert amina.press("0").startswith("CON Contribute to Umoja")
    amina.press("300")
    assert amina.press("00").startswith("CON Umoja\n1 Contribute")  # home from the PIN screen
    assert amina.sms("BAL").startswith("Umoja: you have paid KES 0.")


def test_in_swahili_back_and_home_work_on_pin_screens(world):
    _jane, amina, _code = umoja(world, swahili=True)
    amina.dial()
    amina.press("1")
    amina.press("500")
    assert amina.press("00").startswith("CON Umoja\n1 Changia")
    amina.press("1")
    assert amina.press("0").startswith("CON Umoja\n1 Changia")


def test_a_wrong_join_code_is_asked_again(world):
    _jane, _amina, code = umoja(world)
    otieno = world.phone(OTIENO)
    otieno.sms("REGISTER Otieno Ouma")
    otieno.dial()
    otieno.press("1")
    assert otieno.press("NOPE12") == ("CON No chama has that code. Check the code with your chair.\n"
                                      "Enter the chama's code (ask your chair):\n0 Back 00 Menu")
    assert otieno.press(code.lower()).startswith("END Welcome to Umoja!")


def test_in_swahili_a_wrong_join_code_is_asked_again(world):
    _jane, _amina, code = umoja(world, swahili=True)
    otieno = world.phone(OTIENO)
    otieno.sms("SAJILI Otieno Ouma")
    otieno.dial()
    otieno.press("1")
    assert otieno.press("NOPE12").startswith("CON Hakuna chama chenye nambari hiyo.")
    assert otieno.press(code).startswith("END Karibu Umoja!")


def test_amounts_over_a_limit_are_refused_before_the_pin(world):
    jane, amina, _code = umoja(world)
    amina.dial()
    amina.press("1")
    assert amina.press("300000") == ("CON M-Pesa takes at most KES 250,000 at a time. Enter a smaller amount:\n"
                                     "0 Back 00 Menu")
    assert amina.press("500") == "CON Money actions need a PIN. Choose a 4-digit PIN:"
    amina.dial()
    for key in ("7", "5"):
        screen = amina.press(key)
    assert screen.startswith("CON Withdraw from savings\nYou can take KES 0.")
    assert amina.press("1000") == "CON You can take at most KES 0. Enter a smaller amount:\n0 Back 00 Menu"


def with_loans(jane, swahili=False):
    """Jane puts Umoja on the Standard plan, which has loans; the simulator takes her M-Pesa payment."""
    assert jane.sms("BORESHA" if swahili else "UPGRADE")


def test_the_loan_limit_is_checked_before_the_months_and_says_how_to_raise_it(world):
    jane, amina, _code = umoja(world)
    with_loans(jane)
    amina.dial()
    amina.press("7")
    assert amina.press("2") == ("CON Your loan limit is KES 0: a loan is up to 3 times your savings. "
                                "Contribute or save first.\n0 Back 00 Menu")
    assert amina.press("5000") == ("CON Your loan limit is KES 0, 3 times your savings less loans you owe. "
                                   "Save more to raise it. Enter up to KES 0:\n0 Back 00 Menu")


def test_in_swahili_the_loan_limit_is_checked_before_the_months(world):
    jane, amina, _code = umoja(world, swahili=True)
    with_loans(jane, swahili=True)
    amina.dial()
    amina.press("7")
    assert amina.press("2").startswith("CON Kikomo chako cha mkopo ni KES 0: mkopo ni hadi mara 3 ya akiba yako.")
    assert amina.press("5000").startswith("CON Kikomo chako cha mkopo ni KES 0, mara 3 ya akiba yako")


def test_my_chamas_shows_each_code_in_both_languages(world):
    jane, _amina, code = umoja(world)
    jane.dial()
    assert f"1 Umoja {code}" in jane.press("6")
    jane.sms("LANG SW")
    jane.dial()
    assert jane.press("6").startswith(f"CON Vyama vyako:\n1 Umoja {code}")


def paid_seven_times(world, amina):
    for amount in (100, 200, 300, 400, 500, 600, 700):
        amina.sms(f"PAY {amount}")
        world.travel(days=1)


def test_the_statement_is_one_line_per_payment_and_pages_back_with_98(world):
    _jane, amina, _code = umoja(world)
    paid_seven_times(world, amina)
    amina.dial()
    first = amina.press("3")[4:]
    # the first payment settles the KES 500 due and leaves credit: still one line
    assert re.findall(r"^\d\d/\d\d Paid ([\d,]+)$", first, re.M) == ["700", "600", "500", "400", "300"]
    assert "98 More" in first
    second = amina.press("98")[4:]
    assert re.findall(r"^\d\d/\d\d (\w+) ([\d,]+)$", second, re.M) == [("Paid", "200"), ("Paid", "100"),
                                                                       ("Due", "500")]
    assert "98 More" not in second
    assert amina.press("98").startswith("CON No older entries.")


def test_in_swahili_the_statement_pages_back_with_98(world):
    _jane, amina, _code = umoja(world, swahili=True)
    paid_seven_times(world, amina)
    amina.dial()
    first = amina.press("3")[4:]
    assert len(re.findall(r"^\d\d/\d\d Ulilipa [\d,]+$", first, re.M)) == 5 and "98 Zaidi" in first
    assert re.findall(r"^\d\d/\d\d Ulilipa ([\d,]+)$", amina.press("98")[4:], re.M) == ["200", "100"]


def test_a_new_caller_chooses_swahili_on_the_first_screen_and_registers_in_it(world):
    sara = world.phone("+254712000009")
    assert sara.dial() == "CON Karibu Chamabora! Welcome!\n1 English\n2 Kiswahili"
    assert sara.press("3") == "CON Karibu Chamabora! Welcome!\n1 English\n2 Kiswahili"
    assert sara.press("2") == "CON Karibu Chamabora.\nWeka jina lako kamili:"
    assert sara.press("Sara Njeri").startswith("CON Chagua PIN ya tarakimu 4")
    sara.press("2468")
    assert sara.press("2468").startswith("CON Umesajiliwa. Karibu!\n1 Jiunge na chama")
    assert sara.sms("MSAADA").startswith("Tuma: JIUNGE na nambari ya chama")
    assert sara.sms("HELP").startswith("Tuma: JIUNGE")  # her language is Swahili now, whatever she types


def test_a_new_caller_chooses_english_on_the_first_screen(world):
    otieno = world.phone(OTIENO)
    otieno.dial()
    assert otieno.press("1") == "CON Welcome to Chamabora.\nEnter your full name:"
    assert otieno.press("0") == "CON Karibu Chamabora! Welcome!\n1 English\n2 Kiswahili"


def test_in_swahili_amounts_over_a_limit_are_refused_before_the_pin_and_no_loan_is_no_dead_end(world):
    jane, amina, _code = umoja(world, swahili=True)
    with_loans(jane, swahili=True)
    amina.dial()
    amina.press("1")
    assert amina.press("300000") == ("CON M-Pesa hupokea hadi KES 250,000 kwa mara moja. Weka kiasi kidogo zaidi:\n"
                                     "0 Rudi 00 Menyu")
    amina.dial()
    amina.press("7")
    amina.press("5")
    assert amina.press("1000") == "CON Unaweza kutoa hadi KES 0. Weka kiasi kidogo zaidi:\n0 Rudi 00 Menyu"
    amina.press("00")
    amina.press("7")
    assert amina.press("3") == "CON Huna mkopo wa kulipa.\n0 Rudi 00 Menyu"
    assert amina.press("0").startswith("CON Mikopo na malengo")
