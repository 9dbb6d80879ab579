"""The Africa's Talking USSD channel: a session state machine over the
conversation engine. Finished menu paths produce the same command objects the
SMS grammar produces and go to the same handlers."""
