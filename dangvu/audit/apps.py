from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "dangvu.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self):
        from dangvu.audit import keys  # it imports the models: only once the registry is ready

        post_migrate.connect(keys.begin_chain_after_migrate, sender=self,
                             dispatch_uid="dangvu.audit.begin_chain")
