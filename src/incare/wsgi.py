"""WSGI entry point used by `incare serve` (gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incare.settings")
application = get_wsgi_application()
