from django.db import models
from django.utils.translation import gettext_lazy as _

APPEND_ONLY = "Audit entries are append-only."


class AppendOnlyQuerySet(models.QuerySet):
    """Entries are only ever inserted (bulk_create): the ORM refuses to change or remove them. Raw SQL
    can still do it, which `dangvu audit verify` detects."""

    def update(self, **kwargs):
        raise RuntimeError(APPEND_ONLY)

    def delete(self):
        raise RuntimeError(APPEND_ONLY)

    def bulk_update(self, objs, fields, batch_size=None):
        raise RuntimeError(APPEND_ONLY)


class AuditEntry(models.Model):
    """One entry of the append-only, hash-chained audit log. Never updated or deleted by the application;
    `dangvu audit verify` proves that nobody else did either."""

    seq = models.BigIntegerField(_("sequence number"), unique=True)
    at = models.DateTimeField(_("time"))
    actor_id = models.BigIntegerField(_("actor (id)"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=200)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    organization_id = models.BigIntegerField(_("organisation (id)"), null=True, blank=True, db_index=True)
    correlation_id = models.CharField(_("correlation id"), max_length=64, db_index=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    before = models.TextField(_("before"), blank=True)  # canonical JSON text, never jsonb (key order)
    after = models.TextField(_("after"), blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["at"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding or self.pk is not None:
            raise RuntimeError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError(APPEND_ONLY)


class ChainHead(models.Model):
    """The single row that holds the chain's last sequence number and hash, locked while the entries of a
    transaction are appended, and keyed so that cutting entries from the end is detected."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")
    mac = models.CharField(max_length=64, default="")

    def __str__(self):
        return f"head #{self.seq}"


class ChainAnchor(models.Model):
    """The single row written when a database's chain begins (`migrate`, audit.keys): the fingerprint of
    the key that signs the chain, and the random genesis hash that entry #1 links to and that the fresh
    head points at. It makes an emptied log fail (the head is gone, or the register holds records that no
    entry accounts for) and a wrong key an error of configuration, never a tamper alarm."""

    fingerprint = models.CharField(max_length=64)
    genesis = models.CharField(max_length=64, blank=True)  # "" for chains begun before anchors existed
    created_at = models.DateTimeField()

    def __str__(self):
        return f"anchor {self.fingerprint[:12]}"


class PendingEntry(models.Model):
    """A marker of one entry recorded inside an open `audit.atomic()` (audit.services): written in the
    caller's transaction, so a rolled-back savepoint removes it; never committed (removed when the
    entries that survived are chained)."""

    block = models.CharField(max_length=32)
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["block"])]

    def __str__(self):
        return f"pending {self.block}:{self.n}"
