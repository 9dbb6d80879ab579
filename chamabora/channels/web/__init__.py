"""The web channel: the member's home, the officers' desk, the operators'
admin and the phone simulator, as server-rendered pages on the same
services and commands as USSD, SMS and WhatsApp (`wiring.init_app`)."""
