"""Group goals from a phone: Jane, the chair, sets a goal for the whole of
Umoja by SMS; every member is told their share in their own language; Otieno
saves towards it by M-Pesa prompt and everyone's GOALS shows the progress.
Amina, once treasurer, sets one on USSD in Swahili. A member who tries is
told who can; a name already taken or a date already past changes nothing."""
import re

from tests.journeys.umoja import AMINA, umoja


def test_jane_sets_a_group_goal_by_sms_and_otieno_saves_towards_it_by_mpesa(world):
    jane, otieno, amina, _code = umoja(world)
    assert jane.sms("GROUP GOAL Land 30000 BY 31/12/2027") == (
        "Group goal Land set: KES 30,000 by 31/12/2027, KES 10,000 each for 3 members. Everyone has been told.")
    assert otieno.last() == ("Umoja: new group goal Land, KES 30,000 by 31/12/2027. Your share is KES 10,000. "
                             "Send GOALS to follow it.")
    assert amina.last() == ("Umoja: lengo jipya la kikundi Land, KES 30,000 kufikia 31/12/2027. Sehemu yako ni "
                            "KES 10,000. Tuma MALENGO kulifuatilia.")
    assert otieno.sms("SAVE 500 Land").startswith("An M-Pesa prompt for KES 500 to your savings is coming")
    assert re.fullmatch(r"Received KES 500 towards Land in Umoja \(M-Pesa \w{10}\): KES 500 of KES 10,000 saved\. "
                        r"Asante!", otieno.last())
    assert otieno.sms("GOALS") == ("Umoja goals:\nLand (group): 500 of 30,000; yours 500 of 10,000\n"
                                   "To save: SAVE 500 and the goal's name.")
    assert amina.sms("MALENGO") == ("Malengo ya Umoja:\nLand (kikundi): 500 kati ya 30,000; yako 0 kati ya 10,000\n"
                                    "Kuweka: WEKA 500 na jina la lengo.")
    otieno.dial()
    otieno.press("7")
    assert otieno.press("4") == "CON Your goals:\n1 Land\n0 Back 00 Menu"  # no 7: he is not an officer
    assert otieno.press("1").startswith("CON Land: KES 500 of KES 10,000 saved.")
    assert re.search(r"^\d\d/\d\d Jane W\. set a group goal of KES 30,000$", jane.sms("LOG"), re.M)


def test_only_an_officer_sets_a_group_goal_and_a_taken_name_or_past_date_changes_nothing(world):
    jane, otieno, amina, _code = umoja(world)
    assert otieno.sms("GROUP GOAL Tent 20000 BY 31/12/2027") == (
        "Only the chair or treasurer of Umoja (Jane Wanjiru) can do that. Send HELP to see what you can do.")
    assert amina.sms("LENGO LA KIKUNDI Hema 20000 HADI 31/12/2027") == (
        "Ni mwenyekiti au mweka hazina wa Umoja (Jane Wanjiru) pekee anayeweza kufanya hivyo. Tuma MSAADA kuona "
        "unachoweza kufanya.")
    jane.sms("GROUP GOAL Tent 20000 BY 31/12/2027")
    told = otieno.inbox()
    assert jane.sms("GROUP GOAL tent 5000 BY 31/12/2027") == "Umoja already has a goal called tent. Choose another name."
    assert jane.sms("GROUP GOAL Roof 5000 BY 01/01/2027") == (
        "A goal's date must be after today, e.g. GROUP GOAL Land 100000 BY 31/12/2027.")
    assert jane.sms("GROUP GOAL Roof 0 BY 31/12/2027").startswith("Send an amount above 0")
    assert otieno.inbox() == told  # nobody was told of a goal that was not set
    assert otieno.sms("GOALS") == ("Umoja goals:\nTent (group): 0 of 20,000; yours 0 of 6,666.67\n"
                                   "To save: SAVE 500 and the goal's name.")


def test_amina_the_treasurer_sets_a_group_goal_on_ussd_in_swahili(world):
    jane, otieno, amina, _code = umoja(world)
    jane.sms(f"ROLE {AMINA} TREASURER")
    amina.dial()
    amina.press("7")
    assert amina.press("4") == ("CON Huna malengo bado. Tuma kwa SMS mfano LENGO Ada ya shule 20000 KUFIKIA "
                                "31/01/2027\n7 Lengo jipya la kikundi\n0 Rudi 00 Menyu")
    assert amina.press("7") == "CON Lengo jipya la kikundi\nWeka jina lake, mfano Shamba:"
    assert amina.press("Shamba") == "CON Shamba\nWeka kiasi kinacholengwa kwa KES:"
    assert amina.press("60000") == "CON Shamba, KES 60,000\nKufikia lini? Weka tarehe kama DD/MM/YYYY:"
    assert amina.press("31/13/2027").startswith("CON Weka tarehe baada ya leo kama DD/MM/YYYY")
    assert amina.press("31/12/2027") == ("END Lengo la kikundi Shamba limewekwa: KES 60,000 kufikia 31/12/2027, "
                                         "KES 20,000 kila mmoja kwa wanachama 3. Wote wameambiwa.")
    assert jane.last().startswith("Umoja: new group goal Shamba, KES 60,000 by 31/12/2027. Your share is KES 20,000.")
    otieno.dial()
    otieno.press("7")
    assert otieno.press("4") == "CON Your goals:\n1 Shamba\n0 Back 00 Menu"
