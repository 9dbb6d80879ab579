"""Which sender carries a row of a channel that several providers serve: a
reply goes back through the provider the member wrote to (the row's
`payload.provider`, set when it was queued), anything else through the
channel's default provider."""
from __future__ import annotations

from chamabora.core.ports import LookupSender, Outgoing, Sender, Sent


class ProviderRouter:
    """One channel's senders by provider; the row's `payload.provider` wins, else the default."""

    def __init__(self, senders: dict[str, Sender], default: str) -> None:
        self.senders, self.default = senders, default

    def chosen(self, message: Outgoing) -> Sender:
        provider = str(message.payload.get("provider") or self.default)
        return self.senders.get(provider, self.senders[self.default])

    def send(self, message: Outgoing) -> Sent:
        return self.chosen(message).send(message)

    def find_sent(self, message: Outgoing) -> Sent | None:
        """None when the chosen provider cannot tell (it is then sent again)."""
        sender = self.chosen(message)
        return sender.find_sent(message) if isinstance(sender, LookupSender) else None
