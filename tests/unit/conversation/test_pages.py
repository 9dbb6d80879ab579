"""Lists cut into one-SMS pages: every page fits, keeps whole lines in order,
and all but the last say how to get the next."""
from chamabora.conversation.pages import pack, page_of


def more(n: int) -> str:
    return f"Send MEMBERS {n} for more."


def test_a_short_list_is_one_page_with_no_pointer():
    assert pack("Umoja:", ["Jane W. paid 500", "Otieno O. owes 500"], more) == [
        "Umoja:\nJane W. paid 500\nOtieno O. owes 500"]


def test_a_long_list_is_cut_into_pages_that_each_fit_and_point_to_the_next():
    lines = [f"Member{n:02d} X. owes 1,500 (fines 100)" for n in range(20)]
    pages = pack("Umoja, due 04/02/2027: 0 of 20 paid.", lines, more)
    assert len(pages) > 1 and all(len(p) <= 160 for p in pages)
    assert all(p.endswith(more(n + 2)) for n, p in enumerate(pages[:-1]))
    shown = [line for p in pages for line in p.split("\n")[1:] if not line.startswith("Send")]
    assert shown == lines


def test_a_line_too_long_for_any_page_is_shortened():
    [page] = pack("Head", ["x" * 300], more)
    assert len(page) <= 160 and page.endswith(".")


def test_a_page_past_the_end_shows_the_last():
    assert page_of(["a", "b"], 7) == "b" and page_of(["a", "b"], 0) == "a"
