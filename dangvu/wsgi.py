import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
application = get_wsgi_application()

# Only once Django is set up: the web app refuses to start with a key that does not sign the database's
# audit chain (a worker that fails to boot, with the bilingual message).
from dangvu.audit.keys import refuse_a_foreign_key  # noqa: E402

refuse_a_foreign_key()
