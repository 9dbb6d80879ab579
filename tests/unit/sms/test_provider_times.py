"""Provider timestamps (PROTOCOLS.md §2.1, §4.1) read to aware UTC datetimes."""
from datetime import datetime, timezone

import pytest

from chamabora.channels.sms.intake import parse_time

UTC = timezone.utc


@pytest.mark.parametrize("text, moment", [
    ("2017-05-03T06:04:45Z", datetime(2017, 5, 3, 6, 4, 45, tzinfo=UTC)),            # Africa's Talking
    ("2017-05-03 06:04:45", datetime(2017, 5, 3, 6, 4, 45, tzinfo=UTC)),             # Africa's Talking, also
    ("2016-10-06T09:28:39.220+0000", datetime(2016, 10, 6, 9, 28, 39, 220000, tzinfo=UTC)),  # Infobip
    ("2017-05-03T06:04:45", datetime(2017, 5, 3, 6, 4, 45, tzinfo=UTC)),
])
def test_every_providers_timestamp_is_read(text, moment):
    assert parse_time(text) == moment


@pytest.mark.parametrize("text", [None, "", "yesterday", "2017-13-40 99:99"])
def test_an_unreadable_timestamp_is_now(text):
    before = datetime.now(UTC)
    assert before <= parse_time(text) <= datetime.now(UTC)
