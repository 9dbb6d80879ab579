"""`flask --app app fraud score`: JSON lines in, JSON lines out."""
import json

from chamabora.cli.fraud import score


def test_fraud_score_reads_json_lines_and_answers_each(app):
    lines = [
        {"text": "H11S1UKWEL1 Confirmed. You have received Ksh5,000.00 from JEFF MPORAJI on 28/06/2022 at 12:11 PM. "
                 "New balance is KshXXX.", "forwarded_at": None, "expected_recipient": None},
        {"text": "UEULA5XMT4 Confirmed. Ksh500.00 sent to Gathogo  Kigotho 0708767392 on 30/5/26 at 8:10 PM. New "
                 "M-PESA balance is Ksh11,202.54. Transaction cost, Ksh7.00.  Amount you can transact within the "
                 "day is 498,340.00.", "forwarded_at": "2026-05-30T20:15:00+03:00", "expected_recipient": "0708767392"},
    ]
    body = "\n".join(json.dumps(line) for line in lines) + "\nnot json\n"
    result = app.test_cli_runner().invoke(score, ["-"], input=body)
    assert result.exit_code == 0
    fake, genuine, broken = [json.loads(line) for line in result.output.splitlines()]
    assert fake["flagged"] is True and fake["score"] > 0.9 and "code_shape" in fake["reasons"]
    assert "balance_hidden" in fake["reasons"]
    assert genuine == {"flagged": False, "reasons": [], "score": genuine["score"]} and genuine["score"] < 0.5
    assert "error" in broken
