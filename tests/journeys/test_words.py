"""The words members read: a hint names a command this member may send and an
example that works for them; a chama's name works where its code does; a
stranger's language is read from the whole message and a greeting gets a
short menu; a treasurer's question about a forwarded SMS says what looks
wrong in plain words. In English and in Swahili, by SMS and WhatsApp."""
import re

JANE, OTIENO, AMINA, SARA = "+254712000001", "+254712000002", "+254712000003", "+254712000009"


def umoja(world, name="Umoja"):
    """Jane founds a weekly chama by SMS; Amina (Swahili) and Otieno (English) join it."""
    jane, otieno, amina = world.phone(JANE), world.phone(OTIENO), world.phone(AMINA)
    jane.sms("REGISTER Jane Wanjiru")
    code = re.search(r"code is (\w{6})", jane.sms(f"CREATE CHAMA {name} 500 WEEKLY")).group(1)
    amina.sms("SAJILI Amina Atieno")
    amina.sms(f"JIUNGE {code}")
    otieno.sms("REGISTER Otieno Ouma")
    otieno.sms(f"JOIN {code}")
    return jane, otieno, amina, code


def test_a_member_who_wants_to_pay_is_shown_lipa_with_her_amount_never_an_officers_command(world):
    _jane, otieno, amina, _code = umoja(world)
    assert amina.sms("nataka kulipa 500") == "Ulimaanisha LIPA? Mfano LIPA 500"
    assert amina.sms("LIPA 500").startswith("Ombi la M-Pesa la KES 500 kwa Umoja linakuja")
    assert otieno.sms("I want to pay 300", via="twilio") == "Did you mean PAY? e.g. PAY 300"
    # "aprove" is nearest APPROVE, a treasurer's command: a member is not sent there
    assert otieno.sms("aprove") == "Sorry, we did not understand. Send HELP for the list of commands."
    assert amina.whatsapp("kataa", via="infobip") == "Samahani, hatukuelewa. Tuma MSAADA kuona orodha ya amri."


def test_a_member_of_two_chamas_is_shown_the_example_with_the_code_and_it_works(world):
    _jane, _otieno, amina, code = umoja(world)
    jane = world.phone(JANE)
    other = re.search(r"code is (\w{6})", jane.sms("CREATE CHAMA Harambee 200 MONTHLY")).group(1)
    amina.sms(f"JIUNGE {other}")
    hint = amina.sms("nataka kulipa 500")
    assert hint == f"Ulimaanisha LIPA? Mfano LIPA 500 {code}"
    example = hint.split("Mfano ")[1]
    assert amina.sms(example).startswith("Ombi la M-Pesa la KES 500 kwa Umoja linakuja")
    assert world.phone(OTIENO).sms("pay") == "Add the amount, e.g. PAY 500"


def test_a_chamas_name_works_where_its_code_does_and_a_shared_name_is_asked_about(world):
    jane, otieno, amina, code = umoja(world)
    harambee = re.search(r"code is (\w{6})", jane.sms("CREATE CHAMA Harambee 200 MONTHLY")).group(1)
    otieno.sms(f"JOIN {harambee}")
    assert otieno.sms("PAY 500 UMOJA").startswith("An M-Pesa prompt for KES 500 to Umoja is coming")
    assert otieno.sms("BAL harambee").startswith("Harambee: you have paid KES 0.")
    assert amina.sms("SALIO umoja").startswith("Umoja: umelipa KES 0.")
    second = re.search(r"code is (\w{6})", jane.sms("CREATE CHAMA Umoja 1000 MONTHLY")).group(1)
    assert jane.sms("BAL umoja") == (f"Two of your chamas are called Umoja: {code}, {second}. Use the code "
                                     f"instead, e.g. BAL {code}.")
    jane.sms("LUGHA SW")
    assert jane.sms("LIPA 500 umoja") == (f"Vyama vyako viwili vinaitwa Umoja: {code}, {second}. Tumia nambari "
                                          f"badala yake, mfano SALIO {code}.")


def test_a_stranger_is_answered_in_the_language_of_the_whole_message_and_a_greeting_gets_a_menu(world):
    sara = world.phone(SARA)
    assert sara.sms("Habari").startswith("Karibu Chamabora! Tuma SAJILI na jina lako")
    assert sara.sms("Hi").startswith("Karibu Chamabora! Send REGISTER and your name")
    assert sara.sms("nataka kujisajili") == "Ulimaanisha SAJILI? Mfano SAJILI Jane Wanjiru"
    assert sara.whatsapp("jisajili Sara Njeri", via="twilio").startswith("Karibu Sara Njeri! Jiunge na chama")
    assert sara.sms("habari").startswith("Habari Sara! Tuma JIUNGE na nambari ya chama")


def test_a_member_greeting_gets_what_she_can_send_in_her_language(world):
    _jane, otieno, amina, code = umoja(world)
    assert otieno.sms("Hello") == ("Hi Otieno! Umoja: send PAY 500, BAL, STATEMENT or NEXT (whose turn). "
                                   "HELP lists more.")
    assert amina.whatsapp("Mambo", via="infobip") == ("Habari Amina! Umoja: tuma LIPA 500, SALIO, TAARIFA au ZAMU "
                                                      "(zamu ya nani). MSAADA kwa zaidi.")


def test_the_welcome_and_the_balance_give_the_same_first_due_date_in_both_languages(world):
    jane, otieno, amina, code = umoja(world)
    due = re.search(r"due from (\d\d/\d\d/\d{4})", world.phone(OTIENO).inbox()[-1]).group(1)
    assert otieno.sms("BAL").endswith(f"Next contribution due {due}.")
    assert amina.sms("SALIO").endswith(f"Mchango ujao ni tarehe {due}.")
    world.travel(days=10)  # a member joining after the first due date starts with a later cycle
    sara = world.phone(SARA)
    sara.sms("SAJILI Sara Njeri")
    later = re.search(r"kudaiwa (\d\d/\d\d/\d{4})", sara.sms(f"JIUNGE {code}")).group(1)
    assert later != due and sara.sms("SALIO").endswith(f"Mchango ujao ni tarehe {later}.")


def test_habari_yako_and_good_morning_are_greetings_too(world):
    sara = world.phone(SARA)
    assert sara.sms("Habari yako").startswith("Karibu Chamabora! Tuma SAJILI")
    assert sara.whatsapp("Good morning", via="twilio").startswith("Karibu Chamabora! Send REGISTER")
