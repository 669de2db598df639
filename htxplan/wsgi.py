"""
WSGI config for htxplan project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

from htxplan.database import statement_timeout_install

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "htxplan.settings")

application = get_wsgi_application()
# Web requests only (htxplan/database.py); manage.py commands are not capped.
statement_timeout_install()
