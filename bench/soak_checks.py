"""The soak's end checks, read from the database, the simulator's record of
the callbacks it delivered, and the workers' own log lines of each send."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text

SENT = ("ok", "found_sent")


def sends(workdir: Path) -> Counter[int]:
    """How many times each outbox row was handed to a provider, from every worker's JSON lines."""
    counted: Counter[int] = Counter()
    for log in workdir.glob("worker*.log"):
        for line in log.read_text(errors="replace").splitlines():
            if '"chamabora.outside"' not in line or '"outbox_id"' not in line:
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("outcome") in SENT:
                counted[int(record["outbox_id"])] += 1
    return counted


def firings_run(workdir: Path) -> Counter[str]:
    """How many times each schedule firing's job ran to the end (job ids are per entry and minute)."""
    counted: Counter[str] = Counter()
    for log in workdir.glob("worker*.log"):
        for line in log.read_text(errors="replace").splitlines():
            if '"job": "fire"' in line and '"outcome": "ok"' in line:
                try:
                    counted[json.loads(line)["job_id"]] += 1
                except (ValueError, KeyError):
                    continue
    return counted


def callbacks(workdir: Path) -> list[dict]:  # type: ignore[type-arg]
    path = workdir / "callbacks.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def payments(delivered: list[dict]) -> dict[str, tuple[str, ...]]:  # type: ignore[type-arg]
    """Each successful payment the simulator told us about (STK and C2B): its receipt, and the ledger
    keys that may record it (an STK payment settled by a status query before its callback came is
    keyed by its CheckoutRequestID, the query's answer carrying no receipt)."""
    found = {}
    for callback in delivered:
        body = callback["body"]
        if callback["url"].endswith("/mpesa/c2b/confirmation"):
            found[body["TransID"]] = (f"mpesa:{body['TransID']}",)
        stk = (body.get("Body") or {}).get("stkCallback") if isinstance(body, dict) else None
        if stk and stk.get("ResultCode") == 0:
            items = {i["Name"]: i.get("Value") for i in stk["CallbackMetadata"]["Item"]}
            receipt = items["MpesaReceiptNumber"]
            found[receipt] = (f"mpesa:{receipt}", f"stk:{stk['CheckoutRequestID']}")
    return found


def checks(database: str, traffic, workdir: Path, drained: bool) -> dict[str, object]:  # type: ignore[no-untyped-def]
    engine = create_engine(database)
    delivered = callbacks(workdir)
    paid = payments(delivered)
    with engine.connect() as conn:
        answered = {(p, i) for p, i in conn.execute(text("SELECT provider, provider_message_id FROM inbound_messages"))}
        unsent_replies = conn.execute(text("SELECT count(*) FROM outbox WHERE purpose = 'reply' AND status NOT IN "
                                           "('sent', 'delivered', 'skipped')")).scalar()
        entries = Counter(key for (key,) in conn.execute(text(
            "SELECT idempotency_key FROM journal_entries WHERE idempotency_key LIKE 'mpesa:%' "
            "OR idempotency_key LIKE 'stk:%'")))
        c2b_rows = Counter(t for (t,) in conn.execute(text("SELECT trans_id FROM mpesa_c2b_payments")))
        unbalanced = conn.execute(text(
            "SELECT j.chama_id, sum(p.amount_cents) FROM postings p JOIN journal_entries j ON j.id = p.entry_id "
            "GROUP BY j.chama_id HAVING sum(p.amount_cents) <> 0")).all()
        negative_cash = conn.execute(text(
            "SELECT chama_id, min(running) FROM (SELECT a.chama_id, sum(p.amount_cents) OVER (PARTITION BY a.chama_id "
            "ORDER BY p.entry_id, p.id) AS running FROM postings p JOIN accounts a ON a.id = p.account_id "
            "WHERE a.kind = 'cash') AS r GROUP BY chama_id HAVING min(running) < 0")).all()
        chamas = conn.execute(text("SELECT count(*) FROM chamas")).scalar()
        pending_stk = conn.execute(text("SELECT count(*) FROM mpesa_stk_requests WHERE status = 'pending'")).scalar()
    engine.dispose()
    acked = {(p, i) for p, i, _phone in traffic.acked}
    twice = {row: n for row, n in sends(workdir).items() if n > 1}
    firings = firings_run(workdir)
    posted = {receipt: sum(entries[key] for key in keys) for receipt, keys in paid.items()}
    # a paybill payment whose account named no member is held, not posted: its row is the record
    not_posted = sorted(r for r, n in posted.items() if n == 0 and c2b_rows[r] == 0)
    posted_twice = sorted(r for r, n in posted.items() if n > 1 or c2b_rows[r] > 1)
    server_errors = sum(n for status, n in traffic.statuses.items() if status >= 500)
    callback_errors = sum(1 for c in delivered if not c["status"] or c["status"] >= 500)
    results = {
        "drained": drained, "requests": sum(traffic.statuses.values()), "statuses": dict(traffic.statuses),
        "acknowledged_inbound": len(acked), "inbound_unanswered": len(acked - answered),
        "replies_not_sent": unsent_replies, "answered_in_response": dict(traffic.in_response),
        "empty_answers": len(traffic.empty_answers), "callbacks_delivered": len(delivered),
        "payments_confirmed": len(paid), "payments_not_posted": len(not_posted), "payments_posted_twice": len(posted_twice),
        "stk_still_pending": pending_stk, "messages_sent_twice": len(twice), "chamas": chamas,
        "firings_run": len(firings), "firings_run_twice": sum(1 for n in firings.values() if n > 1),
        "chamas_unbalanced": len(unbalanced), "chamas_cash_negative": len(negative_cash),
        "responses_5xx": server_errors, "callbacks_refused_or_5xx": callback_errors,
        "requests_given_up": traffic.failed_posts,
        "examples": {"unanswered": sorted(acked - answered)[:5], "not_posted": not_posted[:5],
                     "sent_twice": sorted(twice.items())[:5]}}
    results["ok"] = (drained and not results["inbound_unanswered"] and not results["replies_not_sent"]
                     and not results["empty_answers"] and not not_posted and not posted_twice and not twice
                     and not results["firings_run_twice"] and not unbalanced and not negative_cash and not server_errors and not callback_errors
                     and not traffic.failed_posts)
    return results


def summary(results: dict[str, object], events: list[str]) -> str:
    verdict = "PASS" if results["ok"] else "FAIL"
    lines = [f"soak {verdict}: {results['seconds']} s, {results['requests']} requests, {results['kills']} kills "
             f"(Redis restarted once), {results.get('exited_by_themselves', 0)} processes exited by themselves "
             f"and were started again, statuses {results['statuses']}",
             f"  every acknowledged inbound message answered once: {results['acknowledged_inbound']} acknowledged, "
             f"{results['inbound_unanswered']} unanswered, {results['replies_not_sent']} replies not sent",
             f"  answered in the response (Twilio, USSD): {results['answered_in_response']}, "
             f"{results['empty_answers']} empty",
             f"  every payment posted once: {results['payments_confirmed']} confirmed by M-Pesa "
             f"({results['callbacks_delivered']} callbacks), {results['payments_not_posted']} not posted, "
             f"{results['payments_posted_twice']} twice; STK prompts still pending {results['stk_still_pending']}",
             f"  no message sent twice: {results['messages_sent_twice']} sent twice; schedule firings (two "
             f"schedulers) {results['firings_run']} run, {results['firings_run_twice']} twice",
             f"  ledger: {results['chamas']} chamas, {results['chamas_unbalanced']} unbalanced, "
             f"{results['chamas_cash_negative']} with cash below zero",
             f"  responses 5xx: {results['responses_5xx']}; callbacks refused: {results['callbacks_refused_or_5xx']}; "
             f"requests given up: {results['requests_given_up']}"]
    if not results["ok"]:
        lines.append(f"  examples: {results['examples']}")
    return "\n".join(lines)
