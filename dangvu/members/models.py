"""The member register. Events (MemberEvent) are the source of truth; Member holds the profile and the
current state that services keep; MembershipSpan holds membership as dated intervals with the unit's place
in the tree, so that a count at a date or a flow over a period is one indexed range query."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangvu.core.collation import name_sort_key
from dangvu.core.text import fold


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class TheoryLevel(models.TextChoices):
    """Political-theory level, categories of Hướng dẫn 11-HD/BTCTW (2021)."""

    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Elementary (sơ cấp)")
    INTERMEDIATE = "intermediate", _("Intermediate (trung cấp)")
    ADVANCED = "advanced", _("Advanced (cao cấp)")
    BACHELOR = "bachelor", _("Bachelor (cử nhân)")


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary")
    OFFICIAL = "official", _("Official")
    LEFT = "left", _("No longer on the register")


class Member(models.Model):
    code = models.CharField(_("member code"), max_length=50, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False, default="")
    sort_key = models.CharField(max_length=400, db_index=True, editable=False, default="")
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True)
    religion = models.CharField(_("religion"), max_length=50, blank=True)
    hometown = models.CharField(_("home town"), max_length=200, blank=True)
    citizen_id = models.CharField(_("citizen ID"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    education = models.CharField(_("general education"), max_length=50, blank=True)
    professional_level = models.CharField(_("professional level"), max_length=100, blank=True)
    theory_level = models.CharField(
        _("political theory level"), max_length=20, choices=TheoryLevel.choices, default=TheoryLevel.NONE
    )
    card_number = models.CharField(_("party card number"), max_length=30, blank=True)
    card_issued_on = models.DateField(_("card issued on"), null=True, blank=True)

    # Current state, kept by the services from the events.
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="members",
    )
    status = models.CharField(_("status"), max_length=20, choices=MemberStatus.choices,
                              default=MemberStatus.PROBATIONARY)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    official_on = models.DateField(_("official on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=30, blank=True)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("party member")
        verbose_name_plural = _("party members")

    def __str__(self):
        return f"{self.full_name} ({self.code})"

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)
        self.sort_key = name_sort_key(self.full_name)
        super().save(*args, **kwargs)


class EventKind(models.TextChoices):
    ADMISSION = "admission", _("Admission")
    OPENING = "opening", _("Opening entry (already a member when the records start)")
    TRANSFER_IN = "transfer_in", _("Arrival by transfer from outside the register")
    OFFICIAL = "official", _("Recognition as official member")
    TRANSFER = "transfer", _("Permanent transfer")
    TEMPORARY_TRANSFER = "temporary_transfer", _("Temporary transfer")
    TEMPORARY_RETURN = "temporary_return", _("Return from temporary transfer")
    EXEMPTION = "exemption", _("Exemption from activity")
    EXEMPTION_END = "exemption_end", _("End of exemption from activity")
    TRANSFER_OUT = "transfer_out", _("Departure by transfer out of the register")
    REMOVAL = "removal", _("Removal from the rolls")
    EXPULSION = "expulsion", _("Expulsion")
    REINSTATEMENT = "reinstatement", _("Reinstatement (expulsion annulled on appeal)")
    DEATH = "death", _("Death")
    READMISSION = "readmission", _("Re-admission")
    RESTRUCTURING = "restructuring", _("Moved with its unit by restructuring")
    CARD_ISSUED = "card_issued", _("Party card issued")


class MemberEvent(models.Model):
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=EventKind.choices)
    on = models.DateField(_("date"))
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    from_organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("from organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)  # temporary transfer, exemption
    # Removal grounds (inactivity, not_recognized, voluntary, other) or a temporary transfer's purpose
    # (absence, study): members.validation.
    grounds = models.CharField(_("grounds"), max_length=30, blank=True)
    # What caused the event outside the register, e.g. the discipline decision behind an expulsion.
    source = models.CharField(_("source"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    rule_set = models.CharField(_("rule set"), max_length=100, blank=True)  # "" = not validated
    imported = models.BooleanField(_("imported history"), default=False)
    # Corrections: a wrong event is superseded, never edited; a late entry carries its reason.
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="corrects")
    correction_reason = models.TextField(_("reason for correction or late entry"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    restructuring = models.ForeignKey("organizations.Restructuring", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="member_events")

    class Meta:
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["member", "on"]), models.Index(fields=["kind", "on"])]
        verbose_name = _("member event")
        verbose_name_plural = _("member events")

    def __str__(self):
        return f"{self.member_id} {self.kind} {self.on}"


class SpanEntry(models.TextChoices):
    ADMITTED = "admitted", _("admitted")
    OPENING = "opening", _("opening")
    REINSTATED = "reinstated", _("reinstated")
    OTHER = "other", _("other (transfer, restructuring)")


class SpanExit(models.TextChoices):
    REMOVED = "removed", _("removed")
    EXPELLED = "expelled", _("expelled")
    DIED = "died", _("died")
    OTHER = "other", _("other (transfer, restructuring)")


class SpanQuerySet(models.QuerySet):
    def on_register(self, day: dt.date) -> "SpanQuerySet":
        """start_on ≤ d < end_on: the spans of members on the register at the end of day d."""
        on_or_after = models.Q(end_on__isnull=True) | models.Q(end_on__gt=day)
        return self.filter(models.Q(start_on__lte=day) & on_or_after)


class MembershipSpan(models.Model):
    """Member m was on the register in the subtree of `ancestor` (as the tree stood each day) for
    start_on ≤ d < end_on (open end: still is). One row per member, ancestor and maximal interval, so
    "members of subtree X on d" and the flows across X's border over a period are range queries on
    (ancestor, start_on) and (ancestor, end_on). `entry`/`exit` say how the interval began and ended
    (CONTRACT.md "Figures"); a move inside X's subtree leaves X's interval whole. Kept by the services
    through `members.spans`, rebuilt from the events by `dangvu rebuild_spans`."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="spans")
    ancestor = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    start_on = models.DateField()
    end_on = models.DateField(null=True, blank=True)
    entry = models.CharField(max_length=12, choices=SpanEntry.choices)
    exit = models.CharField(max_length=12, choices=SpanExit.choices, blank=True)
    official_on = models.DateField(null=True, blank=True)

    objects = SpanQuerySet.as_manager()

    class Meta:
        indexes = [
            # Covering: the figures of a subtree are read from the index alone (SQLite root stats on
            # 1,000,000 members: 6.1 s with (ancestor, start_on), 1.9 s with this; docs/benchmarks.md).
            models.Index(fields=["ancestor", "start_on", "end_on", "official_on", "entry", "exit"],
                         name="span_anc_cover"),
            models.Index(fields=["member"], name="span_member"),
        ]

    def __str__(self):
        return f"{self.member_id}⊂{self.ancestor_id} [{self.start_on}, {self.end_on})"


class ImportJob(models.Model):
    """One import uploaded through the web: the stored file (under MEDIA_ROOT), its state and its result
    (members.import_jobs runs it; `result` holds the counts or the problems by row and column)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        CHECKED = "checked", _("Checked (dry run)")
        REFUSED = "refused", _("Refused: bad rows")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=30)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=10, default="queued")  # queued, read, write, finished
    processed_rows = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # the running worker's last sign of life
    worker = models.CharField(max_length=80, blank=True)  # host:pid of the process that claimed the job
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="importjob_status_idx")]

    def __str__(self):
        return f"{self.kind} {self.status} ({self.pk})"
