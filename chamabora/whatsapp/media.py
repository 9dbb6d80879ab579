"""Receipt images members send on WhatsApp: fetched from the provider (which
wants its own credentials) and kept in Cloudinary, or in a local folder in
the local default. The stored URL is what the payment claim links to.

Names derive from the provider's message id, so a webhook retry stores the
same object again instead of a second copy. A fetch or upload that fails
keeps the provider's URL: the claim is still recorded, and the image can be
fetched later while the provider keeps it (Infobip: 7 days).
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

import cloudinary.exceptions
import cloudinary.uploader
import requests

from ..sms.config import MessagingSettings

log = logging.getLogger(__name__)
MAX_BYTES = 5 * 1024 * 1024
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


def fetch(url: str, auth: tuple[str, str] | None = None, headers: dict[str, str] | None = None) -> tuple[bytes, str]:
    with requests.get(url, auth=auth, headers=headers, timeout=10, stream=True) as response:
        if response.status_code != 200:
            raise MediaError(f"provider answered {response.status_code}")
        data = response.raw.read(MAX_BYTES + 1, decode_content=True)
        if len(data) > MAX_BYTES:
            raise MediaError("image larger than 5 MB")
        return data, response.headers.get("Content-Type", "").split(";")[0].strip()


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)[:120]


def keep(store: MediaStore | None, urls: list[str], key: str, auth: tuple[str, str] | None = None,
         headers: dict[str, str] | None = None) -> tuple[str, ...]:
    if store is None:
        return tuple(urls)
    kept = []
    for n, url in enumerate(urls):
        try:
            data, content_type = fetch(url, auth, headers)
            kept.append(store.put(data, f"{safe_name(key)}-{n}", content_type))
        except (requests.RequestException, MediaError, cloudinary.exceptions.Error) as error:
            log.warning("receipt image %s of %s not kept: %s", n, key, type(error).__name__)
            kept.append(url)
    return tuple(kept)
