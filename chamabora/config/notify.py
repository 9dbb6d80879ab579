"""Settings for reminders and email, read from the environment once. The
SMTP password is kept out of repr so it never reaches a log. Without
SMTP_HOST, email is only recorded in the outbox like every channel in the
local default."""
from __future__ import annotations

from dataclasses import dataclass, field

from chamabora.core.errors import ChamaError
from chamabora.core.reminders import ReminderPlan


@dataclass(frozen=True)
class NotifySettings:
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_from: str = "Chamabora <statements@chamabora.local>"
    smtp_starttls: bool = True
    ussd_code: str | None = None          # e.g. *384*12#: named in reminders as the other way to pay
    reminder_days_before: str = "2,0"     # days before the due date; 0 is the due day itself
    reminder_hour: int = 9                # local hour from which a day's reminders go out

    @classmethod
    def from_env(cls, env: dict[str, str]) -> NotifySettings:
        def text(name: str) -> str | None:
            return (env.get(name) or "").strip() or None

        values: dict[str, object] = {
            "smtp_host": text("SMTP_HOST"), "smtp_user": text("SMTP_USER"),
            "smtp_password": text("SMTP_PASSWORD"), "ussd_code": text("USSD_CODE")}
        for name, key in (("SMTP_FROM", "smtp_from"), ("REMINDER_DAYS_BEFORE", "reminder_days_before")):
            if text(name):
                values[key] = text(name)
        for name, key in (("SMTP_PORT", "smtp_port"), ("REMINDER_HOUR", "reminder_hour")):
            raw = text(name)
            if raw is not None:
                values[key] = int(raw) if raw.isdigit() else -1   # -1 is reported by problems()
        if text("SMTP_STARTTLS"):
            values["smtp_starttls"] = (text("SMTP_STARTTLS") or "").lower() not in ("0", "false", "no")
        return cls(**values)  # type: ignore[arg-type]

    @property
    def plan(self) -> ReminderPlan:
        return ReminderPlan.parse(self.reminder_days_before, self.reminder_hour)

    def problems(self) -> list[str]:
        found = []
        if not 0 < self.smtp_port < 65536:
            found.append("SMTP_PORT must be a port number")
        try:
            self.plan
        except ChamaError as error:
            found.append(f"REMINDER_DAYS_BEFORE / REMINDER_HOUR: {error}")
        if self.smtp_user and not self.smtp_password:
            found.append("SMTP_PASSWORD is required when SMTP_USER is set")
        return found
