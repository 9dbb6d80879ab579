"""SMS: inbound webhooks for Africa's Talking, Twilio and Infobip (one module
per provider dialect), delivery reports, senders, segment counting, and the
member's preferred reply channel. `web.init_app` registers the routes."""
