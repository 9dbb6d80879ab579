"""The rules in words: one phrase per rule, and an order split across SMS with names whole."""
from datetime import date

from chamabora.i18n.rule_words import change_words, percent
from chamabora.services.chama.rules import order_notices, short_name


def test_percentages_read_as_people_write_them():
    assert [percent(bp) for bp in (500, 250, 205, 10000, 0)] == ["5%", "2.5%", "2.05%", "100%", "0%"]


def test_a_fine_reads_in_english_and_swahili():
    fine = {"fine_flat_cents": 5000, "fine_percent_bp": 0, "fine_per_day": True, "fine_cap_cents": 50000}
    assert change_words("en", fine, "monthly", "reducing") == ["fine KES 50 a day late, at most KES 500"]
    assert change_words("sw", fine, "monthly", "reducing") == ["faini KES 50 kwa kila siku ya kuchelewa, "
                                                               "isizidi KES 500"]


def test_a_long_order_is_split_into_one_segment_messages_keeping_names_whole():
    names = [f"{n}.{short_name(f'Wanjiku{n} Kamau')}" for n in range(1, 31)]
    for language in ("en", "sw"):
        bodies = order_notices(language, "Umoja Women Group", names, date(2027, 2, 5), 482913)
        assert len(bodies) > 1 and all(len(body) <= 160 for body in bodies)
        assert " ".join(body.split(": ", 1)[1] for body in bodies) == " ".join(names)
