"""Plans with their items and targets, directives from the superior committee with their items, and the
tasks that carry both out ("rõ người, rõ việc, rõ thời gian"): one accountable member, a lead unit, a
deadline, a product, progress notes with evidence, deadline extensions and the reminders sent. Tables
only; the rules are in services.py and validation.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    YEARLY = "yearly", _("Yearly plan")
    TERM = "term", _("Plan for the term")
    QUARTERLY = "quarterly", _("Quarterly plan")
    THEMATIC = "thematic", _("Thematic plan")


class Plan(models.Model):
    """A committee's plan (kế hoạch) for the closed period [period_start, period_end]."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("document number"), max_length=50, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateField(_("created on"))

    class Meta:
        ordering = ["-period_start", "organization_id", "id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return self.title


class PlanItem(models.Model):
    """An objective or line of the plan; tasks come from it. `requires_evidence`: a task of this item is
    done only with evidence (a file or a link) in its progress notes."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("objective"), max_length=500)
    requires_evidence = models.BooleanField(_("evidence required to close its tasks"), default=False)

    class Meta:
        ordering = ["plan_id", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="planitem_unique_position")]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self):
        return f"{self.position}. {self.title}"


class Target(models.Model):
    """A target (chỉ tiêu): measured by the system (`measure`, a key of workplans.measures) or, when
    `measure` is empty, reported by hand with evidence (TargetReport)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    item = models.ForeignKey(
        PlanItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="targets"
    )
    title = models.CharField(_("target"), max_length=300)
    measure = models.CharField(_("measured by the system"), max_length=50, blank=True)
    goal = models.DecimalField(_("goal"), max_digits=12, decimal_places=2)
    unit_label = models.CharField(_("unit of measure"), max_length=50, blank=True)

    class Meta:
        ordering = ["plan_id", "id"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return self.title


class TargetReport(models.Model):
    """A value of a hand-reported target as of `on`, with its evidence."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="reports")
    on = models.DateField(_("as of"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    evidence = models.CharField(_("evidence (document or link)"), max_length=500)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target_id", "on", "id"]

    def __str__(self):
        return f"{self.target_id} {self.on}: {self.value}"


class DirectiveKind(models.TextChoices):
    CONCLUSION = "conclusion", _("Notice of conclusion (thông báo kết luận)")
    DIRECTIVE = "directive", _("Directive (chỉ thị)")


class Directive(models.Model):
    """A superior committee's conclusion or directive addressed to `organization`."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="directives",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DirectiveKind.choices)
    number = models.CharField(_("document number"), max_length=50, blank=True)
    issuer = models.CharField(_("issued by"), max_length=300)
    issued_on = models.DateField(_("issued on"))
    title = models.CharField(_("title"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "id"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")

    def __str__(self):
        return f"{self.number} {self.title}".strip()


class DirectiveItem(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("content"))

    class Meta:
        ordering = ["directive_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "position"], name="directiveitem_unique_position")
        ]
        verbose_name = _("directive item")
        verbose_name_plural = _("directive items")

    def __str__(self):
        return f"{self.position}. {self.text[:80]}"


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class Status(models.TextChoices):
    """Stored states. "Overdue" is not stored: an open task is overdue on d when its deadline is before d
    (selectors.status_on), so that any past date can be asked."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DONE_LATE = "done_late", _("Done late")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)
OVERDUE = "overdue"


class Task(models.Model):
    """One task of a committee (`organization`, the assigning committee): exactly one accountable member
    (`owner`), a lead unit and cooperating units, a deadline, a product, a priority and a status."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("assigning committee"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    title = models.CharField(_("title"), max_length=300)
    product = models.TextField(_("expected product"))
    owner = models.ForeignKey(
        "members.Member", verbose_name=_("accountable person"), on_delete=models.PROTECT, related_name="tasks"
    )
    lead_unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    cooperating_units = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("cooperating units"),
        blank=True,
        related_name="cooperating_tasks",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
    )
    created_on = models.DateField(_("assigned on"))
    deadline = models.DateField(_("deadline"))
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    weight = models.PositiveSmallIntegerField(_("weight in the parent task"), default=1)
    # The day the task was closed: done (on time or late) or cancelled.
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("plan item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    directive_item = models.ForeignKey(
        DirectiveItem,
        verbose_name=_("directive item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    recommendation = models.ForeignKey(
        "oversight.Recommendation",
        verbose_name=_("inspection recommendation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["lead_unit", "deadline"], name="task_unit_deadline"),
            models.Index(fields=["owner", "deadline"], name="task_owner_deadline"),
            models.Index(fields=["organization", "deadline"], name="task_org_deadline"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("created_on")), name="task_deadline_not_before_creation"
            ),
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.title

    @property
    def source(self) -> str:
        if self.plan_item_id:
            return "plan"
        if self.directive_item_id:
            return "directive"
        if self.recommendation_id:
            return "recommendation"
        return "none"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ProgressNote(models.Model):
    """A dated progress note, with evidence: an uploaded file and/or a link to a record."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notes")
    on = models.DateField(_("date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    text = models.TextField(_("note"), blank=True)
    link = models.CharField(_("link to a record"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="workplans/evidence/%Y/", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task_id", "on", "id"]

    def __str__(self):
        return f"{self.task_id} {self.on}: {self.progress}%"

    @property
    def has_evidence(self) -> bool:
        return bool(self.link or self.file)


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Extension(models.Model):
    """A request to move a deadline, and its decision by whoever assigned the task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    old_deadline = models.DateField(_("deadline before"))
    new_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["task_id", "requested_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(status="pending"), name="extension_one_pending_per_task"
            )
        ]

    def __str__(self):
        return f"{self.task_id}: {self.old_deadline} → {self.new_deadline} ({self.status})"


class NoticeKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Deadline approaching")
    OVERDUE = "overdue", _("Deadline passed")
    ESCALATION = "escalation", _("Overdue task reported to the assigner")


class Notice(models.Model):
    """An in-app inbox entry (and the record that its e-mail went out). One per task, kind and deadline:
    the reminder command can run any number of times a day; an extended deadline arms the reminders anew."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    deadline = models.DateField(_("deadline"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="task_notices"
    )
    on = models.DateField(_("date"))
    emailed = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        constraints = [models.UniqueConstraint(fields=["task", "kind", "deadline"], name="notice_once")]

    def __str__(self):
        return f"{self.task_id} {self.kind} {self.deadline}"
