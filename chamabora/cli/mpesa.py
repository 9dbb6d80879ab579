"""`flask --app app daraja ...`: the operator's M-Pesa commands
(reconcile now, register the C2B URLs with Safaricom)."""
from __future__ import annotations

import click

from chamabora.cli.groups import OperatorGroup
from chamabora.providers.mpesa.errors import DarajaError
from chamabora.services.mpesa.reconcile import reconcile
from chamabora.composition.current import current_root

daraja_cli = OperatorGroup("daraja", help="Talk to M-Pesa Daraja: reconcile, register C2B URLs.")


@daraja_cli.command("reconcile")
def reconcile_now() -> None:
    """Resolve STK prompts and B2C payments whose callbacks never came."""
    report = reconcile(current_root())
    click.echo(f"stk resolved {len(report.stk_resolved)}, still pending {len(report.stk_still_pending)}, "
               f"b2c queried {len(report.b2c_queried)}, callbacks re-applied {report.callbacks_reapplied}, "
               f"errors {len(report.errors)}")


@daraja_cli.command("register-c2b")
@click.option("--cancel-when-unreachable", is_flag=True, help="ResponseType Cancelled instead of Completed.")
def register_c2b(cancel_when_unreachable: bool) -> None:
    """Register our confirmation and validation URLs for the paybill."""
    mpesa = current_root().mpesa
    try:
        answer = mpesa.client.register_c2b_urls(mpesa.urls.url("/mpesa/c2b/confirmation"),
                                                mpesa.urls.url("/mpesa/c2b/validation"),
                                                completed=not cancel_when_unreachable)
    except DarajaError as error:
        raise click.ClickException(f"{error.code}: {error}") from error
    click.echo(answer)

