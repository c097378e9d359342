"""The chain head is one row, created here once: created lazily, two first writers at once could both try
to insert it. Its signature is keyed, so that an emptied log with a forged fresh head is detected."""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations


def create_head(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    mac = hmac.new(settings.AUDIT_KEY.encode(), b"head:0:", hashlib.sha256).hexdigest()
    ChainHead.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"seq": 0, "hash": "", "mac": mac}
    )


class Migration(migrations.Migration):

    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
