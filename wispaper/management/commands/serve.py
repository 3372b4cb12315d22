"""Serve the site with gunicorn, a Celery worker and Celery beat beside it, until interrupted.

The worker and beat are supervised: either is started again if it dies. When gunicorn itself exits (it restarts
its own workers; its exit means something is wrong, e.g. the port is taken), everything stops.
"""

import signal
import sys
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from wispaper.supervisor import Program, restart_exited, stop

CELERY = [sys.executable, "-m", "celery", "-A", "wispaper"]


def supervised() -> list[Program]:
    """The programs started again whenever they exit: a Celery worker, and beat, which runs the job sweeper
    (wispaper.jobs) with its schedule file under the data dir."""
    return [
        Program("worker", [*CELERY, "worker", "--loglevel", "INFO", "--concurrency", "2"]),
        Program("beat", [*CELERY, "beat", "--loglevel", "INFO"]),
    ]


class Command(BaseCommand):
    help = "Serve the site (gunicorn) together with a Celery worker and Celery beat, restarting either if it dies."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int, default=2)

    def handle(self, *args, host: str, port: int, web_workers: int, **options) -> None:
        web = Program("web", [
            sys.executable, "-m", "gunicorn", "wispaper.wsgi", "--config", "python:wispaper.gunicorn_conf",
            "--bind", f"{host}:{port}", "--workers", str(web_workers), "--threads", "4", "--timeout", "120",
        ])  # fmt: skip
        celery = supervised()
        for program in (*celery, web):
            program.start()
        self.stdout.write(self.style.SUCCESS(f"WisPaper is serving at http://{host}:{port}/ (data in {settings.DATA_DIR}); Ctrl-C stops it."))
        stopping = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopping.set())
        try:
            while not stopping.is_set() and web.running:
                restart_exited(celery)
                stopping.wait(1.0)
        except KeyboardInterrupt:
            pass
        finally:
            stop([web, *celery])
