"""SMS segment counting (GSM-7 and UCS-2) and splitting long replies."""
import pytest

from chamabora.i18n.segments import fits, measure, shorten, split


@pytest.mark.parametrize("text, encoding, units, segments", [
    ("Habari", "gsm7", 6, 1),
    ("a" * 160, "gsm7", 160, 1),
    ("a" * 161, "gsm7", 161, 2),
    ("a" * 459, "gsm7", 459, 3),
    ("a" * 460, "gsm7", 460, 4),
    ("€" * 80, "gsm7", 160, 1),          # extension characters cost two septets
    ("{" * 81, "gsm7", 162, 2),
    ("Salio ✓", "ucs2", 7, 1),            # one character outside GSM-7 makes the whole text UCS-2
    ("ü" * 70, "gsm7", 70, 1),             # ü is in the GSM default alphabet
    ("ś" * 70, "ucs2", 70, 1),
    ("ś" * 71, "ucs2", 71, 2),
    ("😀" * 35, "ucs2", 70, 1),            # an emoji is two UTF-16 units
    ("ś" * 201, "ucs2", 201, 3),
])
def test_a_texts_length_is_counted_in_its_encodings_units(text, encoding, units, segments):
    length = measure(text)
    assert (length.encoding, length.units, length.segments) == (encoding, units, segments)


def test_a_reply_that_fits_in_three_segments_is_left_whole():
    text = "Umoja: you have paid KES 3,000. You owe KES 0 and fines of KES 0."
    assert split(text) == [text]


def test_a_long_statement_is_split_at_line_breaks_into_parts_of_at_most_three_segments():
    lines = [f"{day:02d}/01 Paid 1,000 for the monthly contribution of the Umoja chama" for day in range(1, 21)]
    parts = split("\n".join(lines))
    assert len(parts) == 3 and all(fits(part) for part in parts)
    assert parts[0].startswith("01/01 Paid") and "\n".join(parts) == "\n".join(lines)


def test_prose_is_split_between_sentences_never_inside_a_word():
    text = " ".join(f"Sentence {n} tells the member something." for n in range(20))
    parts = split(text)
    assert len(parts) == 2 and all(fits(part) and part.endswith(".") for part in parts)
    assert " ".join(parts) == text


def test_beyond_three_parts_the_last_is_shortened_with_an_ellipsis():
    parts = split(" ".join(f"word{n}" for n in range(600)))
    assert len(parts) == 3 and parts[-1].endswith("...") and all(fits(part) for part in parts)


def test_shortening_cuts_at_a_word_and_keeps_within_the_limit():
    short = shorten("neno " * 200, max_segments=1)
    assert fits(short, 1) and short.endswith("neno...") and len(short) <= 160
