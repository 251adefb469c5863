"""`incare serve [--port 8000] [--host 127.0.0.1] [--workers 2]`: the app under gunicorn.

Static files are collected first (quietly) and served by WhiteNoise, so nothing else is
needed; a council may still put nginx in front. Ctrl-C stops gunicorn and its workers.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from gunicorn.app.base import BaseApplication


class IncareServer(BaseApplication):
    """gunicorn run in-process with our options instead of a command line or config file."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        # gunicorn 24+ opens a control socket in the home folder; nothing here uses it, and
        # two servers (a demo and a test) would fight over the one path.
        if "control_socket_disable" in self.cfg.settings:
            self.cfg.set("control_socket_disable", True)

    def load(self) -> Any:
        from incare.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve incare with gunicorn (static files included)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        # Workers are forked: they must open their own database connections.
        connections.close_all()
        self.stdout.write(
            f"Serving incare at http://{options['host']}:{options['port']}/ (Ctrl-C to stop)"
        )
        self.stdout.flush()
        IncareServer(
            {
                "bind": f"{options['host']}:{options['port']}",
                "workers": options["workers"],
                "accesslog": "-",
                "errorlog": "-",
                "graceful_timeout": 5,
            }
        ).run()
