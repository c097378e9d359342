"""Yearly evaluation and rating of members and cadres (đánh giá, xếp loại chất lượng)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangvu.organizations.models import Post


class Kind(models.TextChoices):
    MEMBER = "member", _("Party member")
    CADRE = "cadre", _("Cadre (post holder)")


class Rating(models.TextChoices):
    """Highest first: HTXSNV / HTTNV / HTNV / KHTNV."""

    EXCELLENT = "excellent", _("Excellently completed duties (HTXSNV)")
    GOOD = "good", _("Well completed duties (HTTNV)")
    COMPLETE = "complete", _("Completed duties (HTNV)")
    NOT_COMPLETE = "not_complete", _("Did not complete duties (KHTNV)")


class Evaluation(models.Model):
    """One member's evaluation for a year, as a member or as the holder of a post, filed under the unit the
    member was in that year. `rule_set` is the code of the rule set it was checked against ("" = not
    validated: evaluated before any known rule set)."""

    member = models.ForeignKey("members.Member", verbose_name=_("party member"), on_delete=models.PROTECT,
                               related_name="evaluations")
    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    post = models.CharField(_("post"), max_length=30, choices=Post.choices, blank=True)
    score = models.PositiveSmallIntegerField(_("score"),
                                             validators=[MinValueValidator(0), MaxValueValidator(100)])
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    evaluated_on = models.DateField(_("evaluated on"))
    body = models.ForeignKey("organizations.Organization", verbose_name=_("evaluating body"),
                             on_delete=models.PROTECT, related_name="evaluations_made")
    conditions_met = models.BooleanField(_("all tasks on time and nobody disciplined"), default=False)
    note = models.TextField(_("note"), blank=True)
    rule_set = models.CharField(_("rule set"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "organization", "member"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year", "kind", "post"], name="evaluation_unique"),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="evaluation_score_max_100"),
        ]
        indexes = [models.Index(fields=["body", "year", "kind", "rating"], name="evaluation_body_year")]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return f"{self.member_id} {self.year} {self.kind} {self.rating}"
