"""Inspection, supervision and discipline (PRODUCT.md §4–5): yearly programmes of planned items, the
inspections and supervisions themselves (one table, `activity` tells which), the recommendations of their
conclusions, and discipline cases with their decisions and appeals. Tables only; the rules are in
`oversight.rules` and `oversight.discipline`."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    SUPERVISION = "supervision", _("Supervision")


class InspectionKind(models.TextChoices):
    VIOLATION_SIGNS = "violation_signs", _("On signs of violation")
    TASK_PERFORMANCE = "task_performance", _("On task performance")
    INSPECTION_WORK = "inspection_work", _("On the inspection work of lower levels")
    FINANCE = "finance", _("On finances")
    PARTY_FEE = "party_fee", _("On party fees")


class SupervisionKind(models.TextChoices):
    REGULAR = "regular", _("Regular supervision")
    THEMATIC = "thematic", _("Thematic supervision")


KINDS: dict[str, type[models.TextChoices]] = {Activity.INSPECTION: InspectionKind,
                                               Activity.SUPERVISION: SupervisionKind}
ALL_KINDS = [*InspectionKind.choices, *SupervisionKind.choices]


class SubjectType(models.TextChoices):
    ORGANIZATION = "organization", _("Organisation")
    MEMBER = "member", _("Party member")


class Programme(models.Model):
    """The yearly inspection and supervision programme of a conducting body (an executive committee or
    its inspection commission, both filed under the committee's organisation)."""

    body = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("conducting body"),
        on_delete=models.PROTECT,
        related_name="oversight_programmes",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255, blank=True)

    class Meta:
        ordering = ["-year", "body__code"]
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="programme_body_year")]
        verbose_name = _("programme")

    def __str__(self):
        return f"{self.body_id} {self.year}"


class ProgrammeItem(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    subject = models.CharField(_("subject"), max_length=255)
    activity = models.CharField(_("activity"), max_length=12, choices=Activity.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=ALL_KINDS)
    planned_month = models.PositiveSmallIntegerField(_("planned month"))
    lead = models.CharField(_("lead"), max_length=200, blank=True)

    class Meta:
        ordering = ["planned_month", "id"]
        verbose_name = _("planned item")

    def __str__(self):
        return self.subject


class Review(models.Model):
    """One inspection or supervision of an organisation or a member."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    activity = models.CharField(_("activity"), max_length=12, choices=Activity.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=ALL_KINDS)
    conducted_by = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("conducting body"),
        on_delete=models.PROTECT,
        related_name="reviews_conducted",
    )
    subject_type = models.CharField(_("subject type"), max_length=12, choices=SubjectType.choices)
    subject_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    programme_item = models.ForeignKey(
        ProgrammeItem,
        verbose_name=_("planned item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    team = models.TextField(_("team"), blank=True)
    started_on = models.DateField(_("started on"))
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    violation_found = models.BooleanField(_("violation found"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta:
        ordering = ["-started_on", "code"]
        indexes = [models.Index(fields=["activity", "started_on"], name="review_activity_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subject_organization__isnull=False)
                | models.Q(subject_member__isnull=False),
                name="review_has_subject",
            )
        ]
        verbose_name = _("inspection or supervision")

    def __str__(self):
        return self.code

    @property
    def subject(self):
        return self.subject_member if self.subject_type == SubjectType.MEMBER else self.subject_organization


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Being carried out")
    DONE = "done", _("Carried out")
    CANCELLED = "cancelled", _("Withdrawn")


class Recommendation(models.Model):
    """A recommendation of a conclusion; carrying it out is itself supervised (overdue list)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner = models.CharField(_("responsible person"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    done_on = models.DateField(_("carried out on"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"], name="recommendation_open")]
        verbose_name = _("recommendation")

    def __str__(self):
        return self.text[:60]

    def is_overdue(self, day) -> bool:
        """Open after the end of its deadline day (CONTRACT.md "Days")."""
        return self.status == RecommendationStatus.OPEN and self.deadline < day


class SourceKind(models.TextChoices):
    CONCLUSION = "conclusion", _("Conclusion of an inspection")
    PETITION = "petition", _("Petition")
    DIRECT = "direct", _("Opened directly")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed without discipline")


class DisciplineCase(models.Model):
    """A discipline case (confidential). `organization` is the unit the case is filed under for scope:
    the member's registered unit, or the organisation's superior unit, on the day it opened."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    subject_type = models.CharField(_("subject type"), max_length=12, choices=SubjectType.choices)
    subject_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discipline_cases",
    )
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    handled_by = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("body handling the case"),
        on_delete=models.PROTECT,
        related_name="discipline_cases_handled",
    )
    source_kind = models.CharField(
        _("source"), max_length=12, choices=SourceKind.choices, default=SourceKind.DIRECT
    )
    source_review = models.ForeignKey(
        Review,
        verbose_name=_("conclusion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discipline_cases",
    )
    source_reference = models.CharField(_("source reference"), max_length=100, blank=True)
    opened_on = models.DateField(_("opened on"))
    violation_on = models.DateField(_("date of the violation"))
    new_violation_on = models.DateField(_("date of a new violation"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "code"]
        verbose_name = _("discipline case")

    def __str__(self):
        return self.code

    @property
    def subject(self):
        return self.subject_member if self.subject_type == SubjectType.MEMBER else self.subject_organization


class Form(models.TextChoices):
    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    REMOVAL_FROM_POST = "removal_from_post", _("Removal from post")
    EXPULSION = "expulsion", _("Expulsion")
    DISSOLUTION = "dissolution", _("Dissolution")


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    CHANGED = "changed", _("Changed on appeal")
    ANNULLED = "annulled", _("Annulled on appeal")


class DisciplineDecision(models.Model):
    """The decision that ends a case; it takes effect on `announced_on`. A decision changed on appeal is
    replaced by a new one (`replaces`), which alone is counted."""

    code = models.CharField(_("decision number"), max_length=50, unique=True)
    case = models.ForeignKey(DisciplineCase, on_delete=models.PROTECT, related_name="decisions")
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    decided_by = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("deciding body"),
        on_delete=models.PROTECT,
        related_name="discipline_decisions",
    )
    decided_on = models.DateField(_("decided on"))
    announced_on = models.DateField(_("announced on (takes effect)"))
    standing = models.CharField(_("subject's standing"), max_length=12, blank=True)  # rules.OFFICIAL, ...
    rule_set = models.CharField(_("rule set"), max_length=40, blank=True)  # "" = not validated
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.IN_FORCE
    )
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    ended_posts = models.JSONField(default=list, blank=True)  # ids of the committee posts it ended

    class Meta:
        ordering = ["-decided_on", "code"]
        indexes = [models.Index(fields=["decided_on"], name="decision_decided_on")]
        verbose_name = _("discipline decision")

    def __str__(self):
        return self.code


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("Being considered")
    UPHELD = "upheld", _("Decision upheld")
    CHANGED = "changed", _("Decision changed")
    ANNULLED = "annulled", _("Decision annulled")


class Appeal(models.Model):
    decision = models.ForeignKey(DisciplineDecision, on_delete=models.PROTECT, related_name="appeals")
    lodged_on = models.DateField(_("lodged on"))
    grounds = models.TextField(_("grounds"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=AppealOutcome.choices, default=AppealOutcome.PENDING
    )
    decided_by = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("body deciding the appeal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["-lodged_on", "id"]
        verbose_name = _("appeal")

    def __str__(self):
        return f"{self.decision_id} {self.lodged_on}"
