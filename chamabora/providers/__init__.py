"""Providers: the outside services Chamabora talks to (Daraja, Africa's Talking, Twilio, Infobip,
Firebase, SMTP, Cloudinary). Each implements a port of the core and decides no business rule."""
