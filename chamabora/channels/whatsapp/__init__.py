"""WhatsApp: inbound webhooks for Twilio and Infobip, their senders, and the
receipt images members send (kept in Cloudinary, or a local folder)."""
