"""`flask --app app worker`: run an RQ worker on the purpose queues (money
first) and the schedule's queue, after re-queueing what a crash left behind,
and again every few seconds while it runs (`worker/process.py`); `worker sweep`
re-queues on its own (once, or every N seconds). Plain `rq worker --serializer
rq.serializers.JSONSerializer money reply receipt notice reminder schedule`
serves the same queues, given the app's environment, without the recovery."""
from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from rq.serializers import JSONSerializer

from chamabora.ops import multiprocess
from chamabora.worker import tasks
from chamabora.jobs.queues import QUEUE_NAMES, RQDispatcher, queues
from chamabora.worker.sweeper import sweep, sweep_inbound
from chamabora.worker.process import SelfHealingWorker
from chamabora.composition.current import current_root


def _sweep(dispatcher: RQDispatcher) -> None:
    click.echo(f"re-queued {len(sweep(dispatcher))} outbox rows and {len(sweep_inbound(dispatcher))} "
               "inbound messages a crash left behind")


def _dispatcher() -> RQDispatcher:
    services = current_root()
    if services.jobs is None:
        raise click.ClickException("REDIS_URL is not set: the local default sends inline, no worker is needed")
    tasks.use(services)
    return services.jobs


@click.group("worker", cls=AppGroup, invoke_without_command=True,
             help="Send the outbox: an RQ worker (the default) and the sweeper.")
@click.option("--queues", "names", default=",".join(QUEUE_NAMES), show_default=True)
@click.option("--burst", is_flag=True, help="stop when the queues are empty")
@click.option("--scheduler/--no-scheduler", default=True, help="run scheduled retries (backoff)")
@click.pass_context
def worker_cli(ctx: click.Context, names: str, burst: bool, scheduler: bool) -> None:
    if ctx.invoked_subcommand is not None:
        return
    multiprocess.as_rq_worker()   # before any metric is counted here: its horses share its files
    dispatcher = _dispatcher()
    _sweep(dispatcher)
    worker = SelfHealingWorker(queues(dispatcher.redis, [n.strip() for n in names.split(",") if n.strip()]),
                               connection=dispatcher.redis, serializer=JSONSerializer,
                               services=current_root())
    worker.work(burst=burst, with_scheduler=scheduler)


@worker_cli.command("sweep")
@click.option("--every", default=0, type=int, help="repeat every N seconds (0: once)")
def sweep_command(every: int) -> None:
    dispatcher = _dispatcher()
    while True:
        _sweep(dispatcher)
        if not every:
            return
        time.sleep(every)
