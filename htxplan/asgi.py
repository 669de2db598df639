"""
ASGI config for htxplan project.

It exposes the ASGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/asgi/
"""

import os

from django.core.asgi import get_asgi_application

from htxplan.database import statement_timeout_install

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "htxplan.settings")

application = get_asgi_application()
# Web requests only (htxplan/database.py); manage.py commands are not capped.
statement_timeout_install()
