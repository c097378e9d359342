"""Writes of the cadres module: recording a yearly evaluation."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.audit import services as audit
from dangvu.cadres import rules
from dangvu.cadres.models import Evaluation, Kind, Rating
from dangvu.core.errors import Forbidden, InvalidInput, NotFound, Problem
from dangvu.members.spans import load_events, replay
from dangvu.organizations.checks import fmt
from dangvu.organizations.models import Organization, Post


def unit_in_year(member, year: int) -> int | None:
    """The unit the member was last in during `year` (from the register's events); the current unit when
    the events say nothing about that year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    stays = [s for s in replay(load_events([member.id]).get(member.id, [])).stays
             if s.start <= last and s.end > first]
    return stays[-1].organization_id if stays else member.organization_id


def _require_edit(actor, organization_id: int | None) -> None:
    if access.may(actor, Action.EDIT_REGISTER, organization_id):
        return
    if access.can(actor, Action.VIEW_REGISTER, organization_id):
        raise Forbidden(_("You may not change the register of this organisation."))
    raise NotFound(_("Not found."))


def _check(*, year, kind, post, score, rating, evaluated_on, conditions_met, rule_set) -> tuple[str, list]:
    """The rating to store (derived from the score when not given) and the problems found."""
    problems: list[Problem] = []
    if kind not in Kind.values:
        problems.append(Problem("kind", fmt(_("Unknown kind; use one of: %(kinds)s."),
                                            kinds=", ".join(Kind.values))))
    if post and post not in Post.values:
        problems.append(Problem("post", fmt(_("Unknown post; use one of: %(posts)s."),
                                            posts=", ".join(Post.values))))
    if kind == Kind.CADRE and not post:
        problems.append(Problem("post", _("A cadre evaluation names the post held.")))
    if kind == Kind.MEMBER and post:
        problems.append(Problem("post", _("A member evaluation names no post.")))
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 100:
        problems.append(Problem("score", _("The score is a whole number from 0 to 100.")))
        score = None
    if rating is not None and rating not in Rating.values:
        problems.append(Problem("rating", fmt(_("Unknown rating; use one of: %(ratings)s."),
                                              ratings=", ".join(Rating.values))))
        rating = None
    if not 1900 <= year <= evaluated_on.year:
        problems.append(Problem("year", _("The year evaluated cannot come after the date of the "
                                          "evaluation.")))
    if rule_set is None:  # before any known rule set: accepted, not validated; nothing to derive from
        if rating is None and "rating" not in {p.field for p in problems}:
            problems.append(Problem("rating", _("Give the rating: no known scale applies on that date.")))
        return rating or "", problems
    if score is None:
        return rating or "", problems
    reached = rule_set.rating_for(score)
    unmet = reached == Rating.EXCELLENT and rule_set.values.excellent_needs_conditions and not conditions_met
    if unmet:
        reached = Rating.GOOD  # the score alone does not make "excellent": without the conditions, "good"
    if rating is None:
        rating = reached
    elif rating == Rating.EXCELLENT and unmet:
        problems.append(Problem("rating", _("“Excellent” needs all tasks completed on time and nobody "
                                            "disciplined."), rule_set.cite()))
    elif rating != reached:
        lowest, highest = rule_set.score_range(rating)
        problems.append(Problem("rating", fmt(_("This rating needs a score from %(low)s to %(high)s."),
                                              low=lowest, high=highest), rule_set.cite()))
    return rating, problems


def _check_cap(rule_set, body_id: int, year: int, kind: str) -> None:
    """Refuses the write if the body's "excellent" ratings of the year (after it) exceed the cap."""
    cap = rule_set.values.excellent_cap_of_good if rule_set else None
    if cap is None:
        return
    rated = Evaluation.objects.filter(body_id=body_id, year=year, kind=kind)
    excellent = rated.filter(rating=Rating.EXCELLENT).count()
    good = rated.filter(rating=Rating.GOOD).count()
    if excellent * cap.denominator > good * cap.numerator:
        raise InvalidInput.one("rating", fmt(
            _("“Excellent” ratings may be at most %(share)s%% of the “good” ratings of the same evaluating "
              "body and year (%(excellent)s excellent for %(good)s good)."),
            share=round(float(cap) * 100), excellent=excellent, good=good), rules.CAP_RULE)


def evaluate(*, actor, member, year: int, kind: str, post: str | None = None, score: int,
             rating: str | None = None, evaluated_on: dt.date, body: Organization,
             conditions_met: bool = False, note: str = "") -> Evaluation:
    """Records (or replaces) the member's evaluation for `year` as a member or as holder of `post`; the
    rating follows from the score when not given and must fit it when given (the rule set in force on
    `evaluated_on`). Filed under the member's unit that year; the actor needs `register.edit` there."""
    post = post or ""
    organization_id = unit_in_year(member, year)
    _require_edit(actor, organization_id)
    rule_set = rules.rule_set_on(evaluated_on)
    rating, problems = _check(year=year, kind=kind, post=post, score=score, rating=rating,
                              evaluated_on=evaluated_on, conditions_met=conditions_met, rule_set=rule_set)
    if organization_id is None:
        problems.append(Problem("member", _("The member has no unit on the register for that year.")))
    if problems or organization_id is None:
        raise InvalidInput(problems)
    with audit.atomic():
        _require_edit(actor, organization_id)
        Organization.objects.select_for_update().filter(pk=body.pk).first()  # one writer per body: the cap
        existing = Evaluation.objects.select_for_update().filter(member=member, year=year, kind=kind,
                                                                 post=post).first()
        before = audit.snapshot(existing) if existing else None
        evaluation = existing or Evaluation(member=member, year=year, kind=kind, post=post)
        evaluation.organization_id = organization_id
        evaluation.score, evaluation.rating, evaluation.evaluated_on = score, rating, evaluated_on
        evaluation.body, evaluation.conditions_met, evaluation.note = body, conditions_met, note.strip()
        evaluation.rule_set = rule_set.code if rule_set else ""
        evaluation.save()
        if rating == Rating.EXCELLENT or (existing and existing.rating == Rating.GOOD):
            _check_cap(rule_set, body.id, year, kind)
        audit.record(actor=actor, action="cadres.evaluation.record", obj=evaluation,
                     organization_id=organization_id, before=before, after=audit.snapshot(evaluation))
    return evaluation
