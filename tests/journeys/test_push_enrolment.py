"""Push enrolment: Otieno's phone app asks Chamabora to text him a code,
sends it back with its Firebase installation id, and from then on his
reminders arrive as push notifications; until then, and after he signs out,
they come by SMS. A wrong, stale or guessed code registers nothing.
(The app side of the contract is in the README: POST /push/code, /push/register.)"""
import re

JANE, OTIENO, STRANGER = "+254712000001", "+254712000002", "+254712000099"
FID = "fGw3nP0kT9qg5VZzF4xq1a:APA91bHxExampleInstallationId"


def umoja(world):
    jane, otieno = world.phone(JANE), world.phone(OTIENO)
    jane.sms("REGISTER Jane Wanjiru")
    code = re.search(r"code is (\w+)", jane.sms("CREATE CHAMA Umoja 500 MONTHLY")).group(1)
    otieno.sms("REGISTER Otieno Ouma")
    otieno.sms(f"JOIN {code}")
    return jane, otieno


def app_asks(world, path, body):
    """What the app posts and what it gets back: (status, JSON)."""
    response = world.post(path, json=body)
    world.settle()
    return response.status_code, response.get_json()


def pushes_to(world, fid):
    return [m.body for m in world.outbox() if m.channel == "push" and m.recipient == fid]


def test_otieno_enrols_his_app_and_his_reminders_arrive_by_push(world):
    _jane, otieno = umoja(world)
    assert app_asks(world, "/push/code", {"phone": "0712000002"}) == (202, {"status": "code_sent",
                                                                                 "expires_in": 600})
    sent = otieno.last()
    assert re.fullmatch(r"Your Chamabora app code is \d{6}\. It expires in 10 minutes\. Never share it: "
                        r"Chamabora never asks for it\.", sent)
    code = re.search(r"\d{6}", sent).group(0)
    wrong = "000000" if code != "000000" else "111111"
    assert app_asks(world, "/push/register", {"phone": "0712000002", "code": wrong, "fid": FID}) == (
        400, {"error": "wrong_code", "attempts_left": 4})
    assert app_asks(world, "/push/register", {"phone": "+254712000002", "code": code, "fid": FID}) == (
        200, {"status": "registered"})
    assert app_asks(world, "/push/register", {"phone": "0712000002", "code": code, "fid": FID}) == (
        400, {"error": "no_code"})
    world.fire("contribution-reminders", at="2027-02-02T09:00")
    assert pushes_to(world, FID) and "Umoja" in pushes_to(world, FID)[-1]
    assert not any("Umoja" in m and "04/02" in m for m in otieno.unread("sms"))
    assert app_asks(world, "/push/unregister", {"phone": "0712000002", "fid": FID}) == (200, {"status": "unregistered"})


def test_before_enrolling_reminders_come_by_sms(world):
    _jane, otieno = umoja(world)
    world.fire("contribution-reminders", at="2027-02-02T09:00")
    assert "Umoja" in otieno.last("sms") and pushes_to(world, FID) == []


def test_a_stranger_a_guesser_and_a_hurried_app_register_nothing(world):
    _jane, otieno = umoja(world)
    assert app_asks(world, "/push/code", {"phone": STRANGER}) == (404, {"error": "unknown_member"})
    assert app_asks(world, "/push/register", {"phone": "0712000002", "code": "123456", "fid": FID}) == (
        400, {"error": "no_code"})
    assert app_asks(world, "/push/code", {"phone": "0712000002"})[0] == 202
    status, body = app_asks(world, "/push/code", {"phone": "0712000002"})
    assert status == 429 and body["error"] == "too_soon" and 0 < body["retry_after"] <= 60
    code = re.search(r"\d{6}", otieno.last()).group(0)
    guesses = [g for g in ("000000", "111111", "222222", "333333", "444444", "555555") if g != code][:5]
    for left, guess in zip((4, 3, 2, 1, 0), guesses):
        assert app_asks(world, "/push/register", {"phone": "0712000002", "code": guess, "fid": FID}) == (
            400, {"error": "wrong_code", "attempts_left": left})
    assert app_asks(world, "/push/register", {"phone": "0712000002", "code": code, "fid": FID}) == (
        429, {"error": "too_many_attempts"})
    assert app_asks(world, "/push/register", {"phone": "0712000002", "code": 123456, "fid": FID}) == (
        400, {"error": "bad_request"})
    assert world.post("/push/register", data="not json").status_code == 400
    world.fire("contribution-reminders", at="2027-02-02T09:00")
    assert pushes_to(world, FID) == []


def test_a_code_expires_after_ten_minutes(world):
    _jane, otieno = umoja(world)
    app_asks(world, "/push/code", {"phone": "0712000002"})
    code = re.search(r"\d{6}", otieno.last()).group(0)
    world.travel(minutes=11)
    assert app_asks(world, "/push/register", {"phone": "0712000002", "code": code, "fid": FID}) == (
        400, {"error": "expired"})
