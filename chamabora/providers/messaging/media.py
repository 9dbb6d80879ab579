"""Receipt images members send on WhatsApp: fetched from the provider (which
wants its own credentials) and kept in Cloudinary, or in a local folder in
the local default. The stored URL is what the payment claim links to.

A message names its media by URL, and whoever holds the webhook token can
write any URL there: only URLs on the provider's own hosts are taken, the
credentials go to those hosts alone, a redirect may lead only to the
provider's delivery hosts, and a file is capped in size and time. The fetch
happens after the message is answered, by a worker (`media_jobs.py`), never
inside the webhook's request.

Names derive from the provider's message id, so a webhook retry stores the
same object again instead of a second copy. A fetch or upload that fails
keeps the provider's URL: the claim is still recorded, and the image can be
fetched later while the provider keeps it (Infobip: 7 days).
"""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urljoin, urlparse

import cloudinary.exceptions
import cloudinary.uploader
import requests

from chamabora.config.sms import MessagingSettings

log = logging.getLogger(__name__)
MAX_BYTES = 5 * 1024 * 1024
FETCH_SECONDS = 15
MAX_REDIRECTS = 3
TWILIO_HOSTS = frozenset({"api.twilio.com"})
# Twilio answers a media URL with a redirect to its content delivery hosts, fetched without credentials
TWILIO_CDN = frozenset({"media.twiliocdn.com", "mms.twiliocdn.com"})
FOLDER = "chamabora/receipts"
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}


class MediaError(Exception):
    """The image could not be fetched or is too large."""


class MediaStore(Protocol):
    def put(self, data: bytes, name: str, content_type: str) -> str: ...


class LocalFolderStore:
    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    def put(self, data: bytes, name: str, content_type: str) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / (name + EXTENSIONS.get(content_type, ".bin"))
        path.write_bytes(data)
        return path.as_uri()


class CloudinaryStore:
    """Signed uploads with per-call credentials (no global cloudinary.config)."""

    def __init__(self, cloudinary_url: str) -> None:
        parts = urlparse(cloudinary_url)
        if parts.scheme != "cloudinary" or not (parts.username and parts.password and parts.hostname):
            raise ValueError("CLOUDINARY_URL must look like cloudinary://key:secret@cloud")
        self.credentials = {"api_key": parts.username, "api_secret": parts.password, "cloud_name": parts.hostname}

    def put(self, data: bytes, name: str, content_type: str) -> str:
        result = cloudinary.uploader.upload(data, public_id=name, folder=FOLDER, resource_type="image",
                                            overwrite=False, **self.credentials)
        return str(result["secure_url"])


def media_store(settings: MessagingSettings, production: bool) -> MediaStore | None:
    """None: keep the provider's URL (production without Cloudinary; the web tier holds no files)."""
    if settings.cloudinary_url:
        return CloudinaryStore(settings.cloudinary_url)
    return None if production else LocalFolderStore(settings.media_dir)


@dataclass(frozen=True)
class Origin:
    """Where one provider's media may come from: the hosts its URLs name (credentials go there and
    nowhere else), and the hosts its redirects may lead to (its own CDN, fetched without credentials)."""

    hosts: frozenset[str]
    redirect_hosts: frozenset[str] = frozenset()
    auth: tuple[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def names(self, url: str, redirect: bool = False) -> bool:
        try:
            parts = urlparse(url)
            host, _port = (parts.hostname or "").lower(), parts.port
        except ValueError:
            return False
        allowed = self.hosts | (self.redirect_hosts if redirect else frozenset())
        return parts.scheme == "https" and not parts.username and not parts.password and host in allowed


def origin_of(provider: str, settings: MessagingSettings) -> Origin | None:
    """The provider's media origin, or None when we have no way to fetch from it."""
    if provider == "twilio":
        auth = (settings.twilio_account_sid, settings.twilio_auth_token) \
            if settings.twilio_account_sid and settings.twilio_auth_token else None
        return Origin(TWILIO_HOSTS, TWILIO_CDN, auth=auth)
    if provider == "infobip" and settings.infobip_base_url:
        base = settings.infobip_base_url if "://" in settings.infobip_base_url \
            else "https://" + settings.infobip_base_url
        host = (urlparse(base).hostname or "").lower()
        headers = {"Authorization": f"App {settings.infobip_api_key}"} if settings.infobip_api_key else {}
        return Origin(frozenset({host}), headers=headers) if host else None
    return None


def from_provider(urls: list[str], origin: Origin | None) -> list[str]:
    """The URLs on the provider's own hosts; any other is dropped (logged), never fetched nor stored."""
    kept = [url for url in urls if origin is not None and origin.names(url)]
    if len(kept) != len(urls):
        log.warning("%d media URL(s) not on the provider's hosts were dropped", len(urls) - len(kept))
    return kept


def fetch(url: str, origin: Origin) -> tuple[bytes, str]:
    """The file, following at most MAX_REDIRECTS redirects within the provider's hosts; credentials only
    on the provider's own hosts; at most MAX_BYTES, read within FETCH_SECONDS."""
    deadline = time.monotonic() + FETCH_SECONDS
    for hop in range(MAX_REDIRECTS + 1):
        if not origin.names(url, redirect=hop > 0):
            raise MediaError("a media URL outside the provider's hosts")
        own = origin.names(url)
        with requests.get(url, auth=origin.auth if own else None, headers=origin.headers if own else None,
                          timeout=(3, 5), stream=True, allow_redirects=False) as response:
            if response.is_redirect:
                url = urljoin(url, response.headers.get("Location", ""))
                continue
            if response.status_code != 200:
                raise MediaError(f"provider answered {response.status_code}")
            length = response.headers.get("Content-Length") or "0"
            if not length.isascii() or not length.isdigit() or int(length) > MAX_BYTES:
                raise MediaError("image larger than 5 MB")
            data = bytearray()
            for chunk in response.iter_content(64 * 1024):
                data += chunk
                if len(data) > MAX_BYTES:
                    raise MediaError("image larger than 5 MB")
                if time.monotonic() > deadline:
                    raise MediaError("the provider was too slow")
            return bytes(data), response.headers.get("Content-Type", "").split(";")[0].strip()
    raise MediaError("too many redirects")


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)[:120]


def keep(store: MediaStore | None, urls: list[str], key: str, origin: Origin) -> tuple[str, ...]:
    """Each URL's file kept in our store (its stored URL), or the provider's URL when it cannot be."""
    if store is None:
        return tuple(urls)
    kept = []
    for n, url in enumerate(urls):
        try:
            data, content_type = fetch(url, origin)
            kept.append(store.put(data, f"{safe_name(key)}-{n}", content_type))
        except (requests.RequestException, MediaError, cloudinary.exceptions.Error) as error:
            log.warning("receipt image %s of %s not kept: %s", n, key, type(error).__name__)
            kept.append(url)
    return tuple(kept)
