import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Both gunicorn (each worker) and runserver (settings.WSGI_APPLICATION) load this module once at
# start-up, and management commands do not: the place to remove the partial uploads a killed server
# left behind. Files other live workers are writing are locked and kept (sanxiang.evidence.sweep).
from sanxiang.evidence.sweep import sweep_at_startup  # noqa: E402 - needs the apps loaded above

sweep_at_startup()
