"""The home page's "my overdue tasks" (assembled by reports.home)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangvu.core.attention import DANGER, AttentionItem
from dangvu.workplans.selectors import my_overdue_count


def attention(user) -> list[AttentionItem]:
    return [AttentionItem(_("My overdue tasks"), my_overdue_count(user), reverse("workplans:mine"), DANGER)]
