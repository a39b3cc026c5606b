"""`arraigo serve`: the web app on a production-grade WSGI server (waitress)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from arraigo.core.banner import banner_blocks


class Command(BaseCommand):
    help = "Serve the web app with waitress (static files included)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="Address to bind (default 127.0.0.1)."
        )
        parser.add_argument("--port", type=int, default=8000, help="Port (default 8000).")
        parser.add_argument("--threads", type=int, default=8, help="Worker threads (default 8).")
        parser.add_argument(
            "--migrate", action="store_true", help="Apply database migrations before serving."
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="Also run a background worker (arraigo worker); Ctrl+C stops both.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from arraigo.wsgi import application

        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        for title, lines in banner_blocks():
            self.stdout.write(title)
            for line in lines:
                self.stdout.write(f"  {line}")
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"arraigo is serving on {url} (Ctrl+C stops it)"))
        if settings.DEBUG:
            self.stdout.write("DEBUG is on: do not expose this server to a network.")
        worker = None
        if options["with_worker"]:
            # Its own process, as in production; it shares the terminal, so Ctrl+C reaches it
            # too (it finishes its task and stops), and it is stopped if it has not.
            worker = subprocess.Popen([sys.executable, "-m", "arraigo.cli", "worker"])
            self.stdout.write(f"a background worker runs beside it (process {worker.pid})")
        try:
            serve(
                application,
                host=options["host"],
                port=options["port"],
                threads=options["threads"],
                ident="arraigo",
            )
        finally:
            if worker is not None:
                _stop(worker)


def _stop(worker: subprocess.Popen[bytes]) -> None:
    """Stop the worker: it has had Ctrl+C already, or gets SIGTERM; killed if it lingers."""
    try:
        if worker.poll() is None:
            worker.terminate()
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
