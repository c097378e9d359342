"""The entries of the navigation menu. An app adds its pages by appending a line here: (url name, label,
the action (accounts.roles.Action) a user must hold on some organisation to see the entry, or None for
every signed-in user)."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dangvu.accounts.roles import Action
from dangvu.workplans import navigation as workplans_nav


class Entry(NamedTuple):
    url_name: str
    label: str | Promise  # translated when shown
    action: str | None


ENTRIES: list[Entry] = [
    Entry("core:home", _("Home"), None),
    Entry("organizations:tree", _("Organisations"), Action.VIEW_FIGURES),
    Entry("members:list", _("Party members"), Action.VIEW_REGISTER),
    Entry("members:import", _("Import a file"), Action.EDIT_REGISTER),
    Entry("oversight:deadlines", _("Inspection and discipline"), Action.VIEW_OVERSIGHT),
    Entry("workplans:mine", workplans_nav.MY_TASKS, None),
    Entry("workplans:board", workplans_nav.TASK_BOARD, Action.VIEW_TASKS),
    Entry("reports:index", _("Reports"), Action.VIEW_FIGURES),
    Entry("cadres:coverage", _("Cadre evaluation"), Action.VIEW_REGISTER),
    Entry("reports:rules", _("Rules in force"), None),
    Entry("audit:log", _("Audit log"), Action.VIEW_AUDIT),
    Entry("accounts:account", _("My account"), None),
]
