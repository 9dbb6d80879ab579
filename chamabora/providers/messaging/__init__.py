"""Messaging providers: SMS (Africa's Talking, Twilio, Infobip), WhatsApp (Twilio, Infobip), push (FCM),
email (SMTP), and the store for receipt images (Cloudinary or a local folder). Each is a sender the outbox
hands a row to; none decides who hears what or on which channel."""
