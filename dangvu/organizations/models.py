from django.db import models
from django.utils.translation import gettext_lazy as _

from dangvu.core.text import fold


class OrgKind(models.TextChoices):
    COMMITTEE = "committee", _("Party committee above the grassroots")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots party committee")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots party cell")
    PARTIAL_COMMITTEE = "partial_committee", _("Partial party committee")
    CELL = "cell", _("Subordinate party cell")


class Organization(models.Model):
    """A unit of the organisation tree. Its parent through time is in OrganizationParent; `scope_parent`
    is where it hangs today for access scope (its parent, or for a closed unit its successor)."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False, default="")
    kind = models.CharField(_("kind"), max_length=30, choices=OrgKind.choices)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("successor"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="predecessors",
    )
    scope_parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="scope_children", editable=False
    )
    # Document header: issuing body ("THỊ ỦY HƯƠNG TRÀ"), number suffix ("TU"), place ("Hương Trà").
    issuing_body = models.CharField(_("issuing body (document header)"), max_length=255, blank=True)
    abbreviation = models.CharField(_("document abbreviation"), max_length=20, blank=True)
    place_name = models.CharField(_("place name"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def exists_on(self, day) -> bool:
        return (self.established_on is None or self.established_on <= day) and (
            self.closed_on is None or day < self.closed_on
        )


class OrganizationParent(models.Model):
    """The tree through time: `organization` stands under `parent` for valid_from ≤ d < valid_to."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="parent_links")
    parent = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="child_links"
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["parent", "valid_from"]),
            models.Index(fields=["organization", "valid_from"]),
        ]

    def __str__(self):
        return f"{self.organization_id} ⊂ {self.parent_id} [{self.valid_from}, {self.valid_to})"


class OrganizationName(models.Model):
    """The names a unit bore: renames are dated."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=255)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    def __str__(self):
        return self.name


class Operation(models.TextChoices):
    MOVE = "move", _("Move under another unit")
    MERGE = "merge", _("Merge into another unit")
    RENAME = "rename", _("Rename")
    CLOSE = "close", _("Close")
    SPLIT = "split", _("Split")


class Restructuring(models.Model):
    """One dated restructuring operation; the member events it caused point back to it."""

    on = models.DateField(_("date"))
    operation = models.CharField(_("operation"), max_length=10, choices=Operation.choices)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="restructurings")
    target = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="restructurings_received"
    )
    new_name = models.CharField(_("new name"), max_length=255, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self):
        return f"{self.operation} {self.organization_id} {self.on}"


class Post(models.TextChoices):
    """Posts of an executive committee, highest first (the order of the committee list)."""

    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    STANDING_MEMBER = "standing_member", _("Standing committee member")
    COMMITTEE_MEMBER = "committee_member", _("Executive committee member")


class Term(models.Model):
    """A term (nhiệm kỳ) of a unit's executive committee: start_on ≤ d < end_on (open end: current)."""

    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="terms")
    number = models.PositiveSmallIntegerField(_("term number"))
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["organization", "start_on"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="term_unique_number"),
        ]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self):
        return f"{self.organization_id} #{self.number} [{self.start_on}, {self.end_on})"

    def contains(self, day) -> bool:
        return self.start_on <= day and (self.end_on is None or day < self.end_on)


class CommitteePost(models.Model):
    """Who held which post of the executive committee in a term: from_on ≤ d < to_on (open end: holds it)."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="posts")
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="committee_posts")
    member = models.ForeignKey("members.Member", verbose_name=_("party member"), on_delete=models.PROTECT,
                               related_name="committee_posts")
    post = models.CharField(_("post"), max_length=30, choices=Post.choices)
    from_on = models.DateField(_("from"))
    to_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["organization", "from_on", "id"]
        indexes = [models.Index(fields=["organization", "post", "from_on"], name="post_org_post_from")]
        verbose_name = _("committee post")
        verbose_name_plural = _("committee posts")

    def __str__(self):
        return f"{self.member_id} {self.post} @ {self.organization_id} [{self.from_on}, {self.to_on})"

    def held_on(self, day) -> bool:
        return self.from_on <= day and (self.to_on is None or day < self.to_on)
