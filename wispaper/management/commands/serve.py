"""Serve the site with gunicorn and a Celery worker beside it, until interrupted."""

import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site (gunicorn) together with a Celery worker."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int, default=2)

    def handle(self, *args, host: str, port: int, web_workers: int, **options) -> None:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "wispaper", "worker", "--loglevel", "INFO", "--concurrency", "2"]
        )
        web = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "wispaper.wsgi", "--config", "python:wispaper.gunicorn_conf",
                "--bind", f"{host}:{port}", "--workers", str(web_workers), "--threads", "4", "--timeout", "120",
            ]
        )
        self.stdout.write(self.style.SUCCESS(f"WisPaper is serving at http://{host}:{port}/ (data in {settings.DATA_DIR}); Ctrl-C stops it."))
        def stop(*_signal_args) -> None:
            for process in (web, worker):
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            web.wait()
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in (web, worker):
                process.wait(timeout=30)
