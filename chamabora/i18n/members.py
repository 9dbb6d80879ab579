"""Message templates a member reads (msgids; Swahili in the .po catalogs),
grouped by the workflow that sends them."""
from __future__ import annotations

from chamabora.i18n.catalogs import _

# Forwarded M-Pesa confirmations (services/claims): the reply to the forward, and what the member is told
# once a treasurer decides or the hold runs out. A hold never accuses: it is "pending until checked".
CLAIM_VERIFIED = _("Thank you. M-Pesa payment %(code)s of %(amount)s is confirmed and counted.")
CLAIM_UNVERIFIED = _("Thank you. M-Pesa payment %(code)s of %(amount)s is counted. It is marked unverified until "
                     "your treasurer sees it on the M-Pesa statement.")
CLAIM_HELD = _("Thank you. We received M-Pesa payment %(code)s of %(amount)s. It is held as pending until it is "
               "checked; we will tell you when it counts.")
CLAIM_HELD_UNREAD = _("We received your message but could not read it as an M-Pesa SMS. It is held for your "
                      "treasurer to check. If you can, forward the SMS from M-PESA as it came.")
CLAIM_HELD_IMAGE = _("We received your receipt picture. It is held until your treasurer checks it. Forwarding the "
                     "M-Pesa SMS itself is faster.")
CLAIM_ALREADY = _("We already have M-Pesa payment %(code)s. It is being checked: no need to send it again.")
CLAIM_DUPLICATE = _("M-Pesa code %(code)s was already used in another payment claim, so it cannot count again. If "
                    "this is a mistake, talk to your treasurer.")
CLAIM_DEAD = _("M-Pesa code %(code)s was checked and not accepted, so it cannot be used again in any chama. If you "
               "paid, talk to your treasurer.")
CLAIM_NOT_A_PAYMENT = _("That M-Pesa message is not a payment. Forward the confirmation of your payment to the "
                        "chama.")
CLAIM_NOT_MPESA = _("That is not an M-Pesa message. Forward the SMS from M-PESA exactly as you received it.")
CLAIM_APPROVED = _("Your M-Pesa payment %(code)s of %(amount)s was approved by your treasurer and is now counted.")
CLAIM_CONFIRMED = _("Your M-Pesa payment %(code)s of %(amount)s was confirmed by your treasurer. It no longer "
                    "shows as unverified.")
CLAIM_REJECTED = _("Your M-Pesa payment %(code)s was not accepted by your treasurer, so it does not count.")
CLAIM_REJECTED_WHY = _("Your M-Pesa payment %(code)s was not accepted by your treasurer, so it does not count. "
                       "Reason: %(reason)s")
CLAIM_EXPIRED = _("Your M-Pesa payment %(code)s was not checked within %(days)s days and does not count. Talk "
                  "to your treasurer.")

# What a greeting ("Hi", "Habari") gets (conversation/welcome.py): what this person can send next.
WELCOME_STRANGER = _("Karibu Chamabora! Send REGISTER and your name, e.g. REGISTER Jane Wanjiru. Then JOIN and your "
                     "chama's code, or CREATE CHAMA Umoja 500 MONTHLY.")
WELCOME_NO_CHAMA = _("Hi %(name)s! Send JOIN and your chama's code, e.g. JOIN UMOJA, or start one: CREATE CHAMA Umoja "
                     "500 MONTHLY. HELP lists more.")
WELCOME_ONE_CHAMA = _("Hi %(name)s! %(chama)s: send PAY 500, BAL, STATEMENT or NEXT (whose turn). HELP lists more.")
WELCOME_MANY_CHAMAS = _("Hi %(name)s! Add the chama's code: BAL %(code)s, PAY 500 %(code)s, STATEMENT %(code)s. "
                        "HELP lists more.")

# HELP / MSAADA (conversation/help_pages.py): one SMS per page, the commands a member can use; the Swahili
# names the Swahili keywords. The officers' pages are in i18n/officers.py.
HELP_NEWCOMER = _("Send: REGISTER and your name, JOIN and a chama's code, or CREATE CHAMA Umoja 1000 MONTHLY. "
                  "LANG SW for Kiswahili.")
HELP_NO_CHAMA = _("Send: JOIN and a chama's code, or CREATE CHAMA Umoja 1000 MONTHLY to start one. "
                  "LANG SW for Kiswahili. STOP to stop notices.")
HELP_MEMBER = _("Send: PAY 500, BAL, STATEMENT, NEXT (whose turn), FINES, RULES, SAVE 500, WITHDRAW 500, "
                "GOAL School fees 20000 BY 31/12/2027, GOALS.")
HELP_MEMBER_MORE = _("Send: YES or NO and a reference (e.g. YES W7) to vote, LANG SW, STOP to stop notices, "
                     "START to restart them. Or dial the USSD menu.")
HELP_LOANS = _("Loans: LOAN 5000 6 MONTHS asks for one, LOAN shows yours, REPAY 1000 pays it. Above your limit add "
               "GUARANTORS 0712345678.")
HELP_NO_LOANS = _("Loans (LOAN 5000 6 MONTHS, REPAY 1000) need the %(plan)s plan: the chair can send UPGRADE.")
HELP_MORE = _("Reply HELP %(next)s for more.")

# HELP and a topic (HELP PAY): one command explained.
HELP_TOPICS = {
    "pay": _("PAY 500 sends an M-Pesa prompt to your phone for your chama. Add the code if you have several: "
             "PAY 500 UMOJA."),
    "check_balance": _("BAL shows what you have paid, what you owe and any fines."),
    "join_chama": _("JOIN and the chama's code, e.g. JOIN UMOJA. Ask your chair for the code."),
    "register": _("REGISTER and your name, e.g. REGISTER Jane Wanjiru."),
    "request_loan": _("LOAN 5000 6 MONTHS asks your chama for a loan. Above your limit, name members to "
                      "guarantee it: LOAN 20000 6 MONTHS GUARANTORS 0712345678."),
}

# A refused command (conversation/errors.py): each core error code as a friendly reply.
ERRORS = {
    "invalid_amount": _("That amount is not valid. Send a whole amount in shillings, e.g. PAY 500."),
    "invalid_phone": _("That phone number is not valid. Use a Kenyan number like 0712345678."),
    "invalid_input": _("Sorry, that did not work: please check and try again."),
    "unknown_member": _("You are not registered yet. Send REGISTER and your name, e.g. REGISTER Jane Wanjiru."),
    "unknown_recipient": _("Nobody is registered with that phone number. Invite them with INVITE and the number."),
    "unknown_chama": _("No chama has that code. Check the code with your chair."),
    "not_a_member": _("You are not a member of that chama. Join with JOIN and the chama's code."),
    "no_chama": _("You are not in a chama yet. Join one with JOIN and its code, or start one: "
                  "CREATE CHAMA Umoja 1000 MONTHLY."),
    "already_member": _("You are already a member of that chama."),
    "already_registered": _("You are already registered. Send HELP to see what you can do."),
    "forbidden": _("Only the chair or treasurer can do that."),
    "cycle_state": _("That cannot be done for this cycle yet."),
    "payout_state": _("That payout has already been handled."),
    "needs_chama": _("You are in several chamas: add the chama's code, e.g. BAL %(codes)s."),
    "same_name": _("Two of your chamas are called %(name)s: %(codes)s. Use the code instead, e.g. BAL %(code)s."),
    "not_found": _("Nothing was found for that."),
    "loan_state": _("That loan is not waiting for this. Send LOAN to see your loan."),
    "loan_limit": _("That is above what your savings (and your guarantors') can back."),
    "withdrawal_state": _("That vote is already closed."),
    "vote_closed": _("That vote is already closed."),
    "own_payout_vote": _("That payout is yours, so the other members vote on it."),
    "joined_after_vote": _("You joined after this vote opened, so you do not vote on it."),
    "payout_not_ratified": _("The members voted against this payout, so it is not sent by M-Pesa."),
    "bad_guarantor": _("Guarantors must be other members of your chama, named by phone, e.g. "
                       "LOAN 20000 6 GUARANTORS 0712345678."),
    "loan_in_cents": _("M-Pesa sends loans in whole shillings, so ask for an amount without cents, "
                       "e.g. LOAN 5000 6 MONTHS."),
    "loan_over_mpesa": _("M-Pesa sends at most KES 250,000 in one payment, so ask for that or less, e.g. "
                         "LOAN 250000 12 MONTHS."),
    "loan_unsendable": _("This loan has cents and M-Pesa sends whole shillings only, so it cannot be approved. "
                         "Reject it and ask the member to request a whole amount."),
    "payout_blocked": _("Payouts to this member are blocked until they catch up on their contributions."),
    "already_credited": _("That M-Pesa payment is already credited to a member."),
    "unknown_receipt": _("We have no paybill payment with that M-Pesa code. Check the code in our message."),
    "payee_not_member": _("The owner of that phone is not a member of this chama. Invite them with INVITE and "
                          "the number."),
    "insufficient_cash": _("Not enough cash: the chama can send %(available)s and this needs %(needed)s. "
                           "Money not yet confirmed by M-Pesa is never sent."),
    "self_approval": _("You cannot approve money to yourself: another treasurer or the chair must approve it."),
    "needs_second_officer": _("You cannot approve money to yourself and you are the only officer. Name a "
                              "second first, e.g. ROLE 0712345678 TREASURER."),
    "plan_required": _("Your chama's plan does not include this. The chair can send UPGRADE (BORESHA)."),
}
ERROR_FALLBACK = _("Sorry, that did not work: please check and try again.")

# A command this member's role does not allow (conversation/refusals.py): who can do it, by name.
ONLY_CHAIR = _("Only the chair of %(chama)s (%(names)s) can do that. Send HELP to see what you can do.")
ONLY_OFFICERS = _("Only the chair or treasurer of %(chama)s (%(names)s) can do that. Send HELP to see what "
                  "you can do.")
ONLY_ANY_OFFICER = _("Only the officers of %(chama)s (%(names)s) can see that. Send HELP to see what you can do.")
NO_OFFICER_YET = _("nobody yet")

# Over a rate limit (conversation/throttle.py): said once per window.
SLOW_DOWN = _("You have sent many messages in a short time. Please wait a few minutes, then send again.")
MONEY_SLOW = _("You have asked for many payments in a short time. Please wait a few minutes before the next one.")
CHAMA_BUSY = _("Your chama has sent many requests just now. Please try again in a few minutes.")
USSD_SLOW = _("You have dialled many times in a short time. Please wait a few minutes, then dial again.")

# Money actions locked after wrong USSD PINs, on every channel (conversation/handlers/pin_lock.py).
PIN_LOCKED = _("Money actions are locked after wrong PINs until %(until)s. Try again then.")

# A borrower's REJECT LOAN (conversation/handlers/loan_decisions.py): their own request withdrawn.
LOAN_WITHDRAWN = _("You withdrew your loan request L%(loan)s. Nothing will be sent.")

# A member's WITHDRAW 2000 / TOA 2000 (conversation/handlers/savings_decisions.py).
WITHDRAW_VOTING = _("Request %(ref)s to withdraw %(amount)s goes to the members' vote until %(closes)s. You will "
                    "get an SMS when it is decided.")
WITHDRAW_ASKED = _("Request %(ref)s to withdraw %(amount)s is with the treasurer. The money comes to your M-Pesa once "
                   "approved.")
WITHDRAW_TOO_MUCH = _("You can withdraw up to %(available)s now (savings not pledged or already asked for).")
WITHDRAW_WHOLE = _("M-Pesa sends whole shillings up to KES 250,000, e.g. WITHDRAW 2000.")

# A member's PIN for money actions (services/people/pins.py), on USSD and on the web alike; PIN_LOCKED above.
PIN_LOCK_NOTICE = _("Your Chamabora PIN was entered wrongly 3 times, so money actions are locked until "
                    "%(until)s. If this was not you, tell your chair.")
PIN_WRONG = _("Wrong PIN. Try again.")
PIN_NOW_LOCKED = _("Wrong PIN 3 times. Money actions are locked until %(until)s.")

# Logging in to the web by a code sent to the member's phone (services/people/web_login.py).
WEB_LOGIN_CODE = _("Your Chamabora login code is %(code)s. It expires in 5 minutes. Never share it: Chamabora never "
                   "asks for it.")
WEB_LOGIN_NEW_DEVICE = _("New Chamabora web login on %(device)s at %(time)s. Not you? Log in and choose Log out "
                         "everywhere, then tell your chair.")

# The chama's rules changed, told to every member (services/chama/rules.py; the rules' own words in i18n/rule_words.py),
# and the payout order, in as many SMS as its names need.
RULES_CHANGED = _("%(chama)s: from %(when)s %(rules)s. Changed by %(who)s; RULES shows all.")
RULES_CHANGED_NOW = _("%(chama)s: %(rules)s from now. Changed by %(who)s; RULES shows all.")
PAYOUT_ORDER = _("%(chama)s payout order from %(when)s%(seed)s: %(names)s")
PAYOUT_ORDER_NOW = _("%(chama)s payout order%(seed)s: %(names)s")
PAYOUT_ORDER_MORE = _("%(chama)s order, continued: %(names)s")
PAYOUT_ORDER_SEED = _(" (random draw, seed %(seed)s)")

# A withdrawal an officer turned down, told to the member (services/savings/withdrawals.py).
WITHDRAWAL_REJECTED = _("%(chama)s: your request %(ref)s to withdraw %(amount)s was not approved. "
                        "Your savings are as they were.")

# Goals (conversation/handlers/group_goals.py): a member told their share of a new group goal, and GOALS / MALENGO.
GROUP_GOAL_TOLD = _("%(chama)s: new group goal %(goal)s, %(target)s by %(by)s. Your share is %(share)s. Send GOALS "
                    "to follow it.")
GOALS_HEAD = _("%(chama)s goals:")
GOALS_OWN = _("%(goal)s: %(saved)s of %(target)s (%(percent)s%%)")
GOALS_GROUP = _("%(goal)s (group): %(saved)s of %(target)s; yours %(mine)s of %(share)s")
GOALS_GROUP_ONLY = _("%(goal)s (group): %(saved)s of %(target)s")
GOALS_HOW = _("To save: SAVE 500 and the goal's name.")
GOALS_NONE = _("%(chama)s: no goals yet. Start one: GOAL School fees 20000 BY 31/12/2027.")
GOALS_MORE = _("Send GOALS %(next)s for more.")

# Loans, savings and goals from a phone (conversation/handlers/lending.py), and a plan that lacks the feature.
PLAN_NEEDED = _("%(chama)s is on a plan without this. The %(plan)s plan unlocks it: the chair can send "
                "UPGRADE (BORESHA) to renew by M-Pesa.")
LOAN_OVER_LIMIT = _("Your loan limit is %(limit)s (%(times)s times your savings, less loans). Ask for less, or "
                    "name guarantors for %(needed)s: LOAN 20000 6 GUARANTORS 0712345678")
LOAN_REQUESTED = _("Loan %(loan)s requested: %(amount)s over %(months)s months, interest %(interest)s, "
                   "total %(total)s, first %(first)s due %(due)s. The treasurer decides.")
LOAN_QUOTED = _("Loan %(amount)s over %(months)s months: interest %(interest)s, total %(total)s, first "
                "%(first)s due %(due)s. Reply YES in 15 min, or NO.")
LOAN_QUOTED_GUARANTEED = _("Loan %(amount)s over %(months)s months, total %(total)s, above your limit: "
                           "guarantors %(pledges)s. Reply YES in 15 min, or NO.")
LOAN_NONE_TO_REPAY = _("You have no loan to repay.")
LOAN_NONE_YET = _("You have no loan. Ask for one with the amount and months, e.g. LOAN 5000 6 MONTHS.")
LOAN_WAITING = _("Loan %(loan)s of %(amount)s is %(status)s. Total to repay %(total)s.")
LOAN_RUNNING = _("Loan %(loan)s: %(owed)s left to repay, %(overdue)s overdue. Next instalment %(next)s "
                 "due %(due)s.")
LOAN_REPAY_HINT = _("Repay with REPAY and the amount.")
LOAN_STATUS_WORDS = {"requested": _("waiting for approval"), "approved": _("approved and waiting to be sent")}
LOAN_REPAY_PROMPT = _("An M-Pesa prompt for %(amount)s to repay your loan is coming. Enter your M-Pesa PIN to pay.")
GOAL_SET = _("Goal %(goal)s set: %(target)s by %(by)s. Save %(per_week)s a week to reach it.")
SAVE_PROMPT = _("An M-Pesa prompt for %(amount)s to your savings is coming. Enter your M-Pesa PIN to save.")

# A member's YES / NO (conversation/handlers/answers.py): a loan quote confirmed, a guarantee, a vote.
LOAN_GUARANTORS_ASKED = _("Loan %(loan)s requested: %(amount)s over %(months)s months, total %(total)s. Your "
                          "guarantors are asked by SMS; the treasurer decides once they accept.")
LOAN_QUOTE_CANCELLED = _("Loan request cancelled. Nothing was recorded.")
LOAN_TERMS_CHANGED = _("The loan terms changed since your quote.")
ANSWER_NOTHING_WAITING = _("Nothing is waiting for your YES or NO.")
ANSWER_WHICH_ONE = _("Several things wait for your answer: %(refs)s. Reply YES or NO and one of them, e.g. YES "
                     "%(first)s.")
GUARANTEE_ACCEPTED = _("You now guarantee loan %(loan)s of %(borrower)s. The treasurer will review the loan.")
GUARANTEE_DECLINED = _("You declined to guarantee loan %(loan)s of %(borrower)s.")
VOTE_COUNTED = _("Your vote on %(ref)s is counted: %(yes)s yes, %(no)s no so far.")
VOTE_DONE = _("Your vote on %(ref)s is counted. The withdrawal was %(outcome)s (%(yes)s yes, %(no)s no).")
PAYOUT_VOTE_DONE = _("Your vote on %(ref)s is counted. The payout was %(outcome)s (%(yes)s yes, %(no)s no).")
VOTE_LATE = _("Voting on %(ref)s had closed, so your vote was not counted. The withdrawal was %(outcome)s "
              "(%(yes)s yes, %(no)s no).")
PAYOUT_VOTE_LATE = _("Voting on %(ref)s had closed, so your vote was not counted. The payout was %(outcome)s "
                     "(%(yes)s yes, %(no)s no).")

# RULES / SHERIA (conversation/handlers/rules.py), one SMS per page.
RULES_PAGE = _("%(chama)s rules %(page)s/%(pages)s: %(rules)s.")
RULES_MORE = _("Send RULES %(next)s for more.")
RULES_NEXT_DUE = _("next due %(due)s")
RULES_WAITING = _("from %(when)s: %(rules)s")
RULES_NONE_WAITING = _("no changes waiting")

# BAL, STATEMENT and FINES (conversation/handlers/money.py; STATEMENT's words also on the web's statement).
BALANCE_NEXT_DUE = _("Next contribution due %(due)s.")
STATEMENT_ENTRY = _("Entry")
STATEMENT_LINE_NAMES = {"payment": _("Paid"), "levy": _("Due"), "fine": _("Fine"), "payout": _("Payout"),
                        "credit_applied": _("Credit used"), "disbursement": _("Sent to you"), "reversal": _("Reversed"),
                        "saving": _("Saved"), "loan_out": _("Loan"), "loan_repayment": _("Loan repaid"),
                        "withdrawal": _("Withdrawn"), "savings_interest": _("Interest"), "share_out": _("Shared out")}
STATEMENT_UNVERIFIED = _("(unverified)")
STATEMENT_OLDER = _("More")
STATEMENT_NO_OLDER = _("No older entries.")
FINES_AFTER_DUES = _("%(chama)s: unpaid fines %(total)s (%(count)s), after contributions of %(dues)s. A payment "
                     "clears contributions first: PAY %(shillings)s pays both.")

# PAY, BAL, STATEMENT, NEXT and FINES (conversation/handlers/money.py).
PAY_PROMPT = _("An M-Pesa prompt for %(amount)s to %(chama)s is coming to your phone. Enter your M-Pesa PIN to pay.")
BALANCE = _("%(chama)s: you have paid %(paid)s. You owe %(dues)s and fines of %(fines)s.")
BALANCE_CREDIT = _("Paid ahead: %(credit)s.")
BALANCE_PAYOUT = _("Payout waiting for you: %(payout)s.")
STATEMENT_EMPTY = _("%(chama)s: nothing on your statement yet.")
STATEMENT_HEAD = _("%(chama)s, last entries:")
NEXT_POT = _("%(chama)s: the next pot goes to %(name)s, for the contributions due %(due)s.")
FINES_NONE = _("%(chama)s: you have no unpaid fines.")
FINES_UNPAID = _("%(chama)s: unpaid fines %(total)s (%(count)s). Pay with PAY %(shillings)s.")

# REGISTER, CREATE CHAMA, JOIN and INVITE (conversation/handlers/people.py).
REGISTERED = _("Karibu %(name)s! Join a chama with JOIN and its code, or start one: CREATE CHAMA Umoja 1000 MONTHLY.")
CHAMA_CREATED = _("%(name)s is ready. Its code is %(code)s: members join by sending JOIN %(code)s. First "
                  "contribution of %(amount)s is due %(due)s.")
JOINED_WELCOME = _("Welcome to %(name)s! Your contribution of %(amount)s is due from %(due)s.")
INVITATION = _("%(who)s invites you to join %(chama)s on Chamabora. Reply REGISTER and your name, then JOIN %(code)s.")
INVITATION_SENT = _("Invitation sent to %(phone)s.")
# a role as a sentence names it ("made you treasurer"), in the member's language
ROLE_NAMES = {"chair": _("chair"), "treasurer": _("treasurer"), "secretary": _("secretary"), "member": _("member")}

# LANG, STOP and START (conversation/handlers/preferences.py).
LANGUAGE_SET = _("Language set to English.")
NOTICES_OFF = _("You will get no more reminders or notices. Replies to your own messages still come. Send START to "
                "turn them back on.")
NOTICES_ON = _("Reminders and notices are back on. Send STOP to turn them off.")
