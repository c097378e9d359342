"""Members of a subtree on a day broken down by status, sex, age band, ethnicity, general education and
political-theory level (PRODUCT.md §3): one GROUP BY query per dimension over the membership spans joined
to the members. Ages are compared as birth dates against date bounds computed once, so the same SQL runs
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, Count, F, Value, When
from django.utils.translation import gettext_lazy as _

from dangvu.core.text import fold
from dangvu.core.workdays import add_years
from dangvu.members.models import MembershipSpan

# Age bands of the Party's member statistics, as cited for Hướng dẫn 11-HD/BTCTW (2021) on the member
# statistics forms: 18–30, 31–40, 41–50, 51–60, 61–70, over 70 (bands taken from the project brief; not
# checked against the text itself). "under_18" only shows data that no rule set validated.
AGE_BANDS = (("under_18", 18), ("18_30", 31), ("31_40", 41), ("41_50", 51), ("51_60", 61), ("61_70", 71))
OVER_70 = "over_70"
AGE_BAND_LABELS = {
    "under_18": _("under 18"),
    "18_30": _("18 to 30"),
    "31_40": _("31 to 40"),
    "41_50": _("41 to 50"),
    "51_60": _("51 to 60"),
    "61_70": _("61 to 70"),
    OVER_70: _("over 70"),
}
KINH = "Kinh"
DIMENSIONS = ("status", "sex", "age_band", "ethnicity", "education", "theory_level")


def _age_band(day: dt.date) -> Case:
    # Younger than N on `day` ⟺ born after the day N years before it.
    whens = [
        When(member__birth_date__gt=add_years(day, -years), then=Value(band)) for band, years in AGE_BANDS
    ]
    return Case(*whens, default=Value(OVER_70), output_field=CharField())


def _status(day: dt.date) -> Case:
    return Case(
        When(official_on__lte=day, then=Value("official")),
        default=Value("probationary"),
        output_field=CharField(),
    )


def _group(queryset, expression) -> dict[str, int]:
    rows = queryset.annotate(key=expression).values("key").annotate(n=Count("id")).order_by("key")
    return {row["key"] or "": row["n"] for row in rows}


def _ethnicity(counts: dict[str, int]) -> dict[str, int]:
    """The Kinh majority under one spelling; each minority as recorded."""
    out: dict[str, int] = {}
    for name, n in counts.items():
        key = KINH if fold(name) == "kinh" else name
        out[key] = out.get(key, 0) + n
    return out


def breakdowns(root_id: int, day: dt.date, dimensions=DIMENSIONS) -> dict[str, dict[str, int]]:
    """{dimension: {value: count}} for the members of the subtree of `root_id` on `day` (as the tree
    stood that day). Every dimension's counts add up to the members on that day."""
    base = MembershipSpan.objects.on_register(day).filter(ancestor_id=root_id)
    expressions = {
        "status": _status(day),
        "sex": F("member__sex"),
        "age_band": _age_band(day),
        "ethnicity": F("member__ethnicity"),
        "education": F("member__education"),
        "theory_level": F("member__theory_level"),
    }
    result = {name: _group(base, expressions[name]) for name in dimensions}
    if "ethnicity" in result:
        result["ethnicity"] = _ethnicity(result["ethnicity"])
    return result
