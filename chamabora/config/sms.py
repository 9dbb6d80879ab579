"""Provider settings for SMS, WhatsApp, push and receipt media, read from the
environment once. Secrets are kept out of repr so they never reach a log.

The local default sends nothing (the outbox is only recorded) and keeps
media in a folder. A configured provider must carry its credentials in
every environment; production without Cloudinary keeps the providers' own
media URLs rather than files on one web server.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

SMS_PROVIDERS = ("simulator", "africastalking", "twilio", "infobip")
WHATSAPP_PROVIDERS = ("simulator", "twilio", "infobip")
MEDIA_DIR = Path(__file__).resolve().parent.parent.parent / "instance" / "media"
NEEDS = {
    "africastalking": ("AT_USERNAME", "AT_API_KEY"),
    "twilio": ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"),
    "infobip": ("INFOBIP_BASE_URL", "INFOBIP_API_KEY"),
}


@dataclass(frozen=True)
class MessagingSettings:
    sms_provider: str = "simulator"
    whatsapp_provider: str = "simulator"
    at_username: str | None = None
    at_api_key: str | None = field(default=None, repr=False)
    at_sender_id: str | None = None
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = field(default=None, repr=False)
    twilio_webhook_key_secret: str | None = field(default=None, repr=False)  # Twilio SharedKey (HMAC-SHA256)
    twilio_sms_from: str | None = None
    twilio_whatsapp_from: str | None = None
    public_base_url: str | None = None        # the https URL Twilio calls, as seen outside any proxy
    infobip_base_url: str | None = None
    infobip_api_key: str | None = field(default=None, repr=False)
    infobip_sms_sender: str | None = None
    infobip_whatsapp_sender: str | None = None
    cloudinary_url: str | None = field(default=None, repr=False)
    media_dir: str = str(MEDIA_DIR)
    fcm_credentials_path: str | None = None

    @classmethod
    def from_env(cls, env: dict[str, str]) -> MessagingSettings:
        values: dict[str, object] = {}
        for spec in fields(cls):
            raw = (env.get(spec.name.upper()) or "").strip()
            if raw:
                values[spec.name] = raw.lower() if spec.name.endswith("_provider") else raw
        if values.get("public_base_url"):
            values["public_base_url"] = str(values["public_base_url"]).rstrip("/")
        return cls(**values)  # type: ignore[arg-type]

    def problems(self, production: bool) -> list[str]:
        found = []
        if self.sms_provider not in SMS_PROVIDERS:
            found.append(f"SMS_PROVIDER must be one of {', '.join(SMS_PROVIDERS)}")
        if self.whatsapp_provider not in WHATSAPP_PROVIDERS:
            found.append(f"WHATSAPP_PROVIDER must be one of {', '.join(WHATSAPP_PROVIDERS)}")
        for provider in sorted({self.sms_provider, self.whatsapp_provider} & NEEDS.keys()):
            found += [f"{name} is required when a provider is {provider}"
                      for name in NEEDS[provider] if not getattr(self, name.lower())]
        if self.sms_provider == "twilio" and not self.twilio_sms_from:
            found.append("TWILIO_SMS_FROM is required when SMS_PROVIDER=twilio")
        if self.whatsapp_provider == "twilio" and not self.twilio_whatsapp_from:
            found.append("TWILIO_WHATSAPP_FROM is required when WHATSAPP_PROVIDER=twilio")
        if self.whatsapp_provider == "infobip" and not self.infobip_whatsapp_sender:
            found.append("INFOBIP_WHATSAPP_SENDER is required when WHATSAPP_PROVIDER=infobip")
        if production and self.public_base_url and not self.public_base_url.startswith("https://"):
            found.append("PUBLIC_BASE_URL must be https in production")
        return found
