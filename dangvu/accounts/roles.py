"""Roles and the actions they grant. A role held at an organisation grants its actions on that unit and
every unit under it, and nothing outside (accounts.selectors)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    STANDING_MEMBER = "standing_member", _("Standing committee member")
    COMMITTEE_MEMBER = "committee_member", _("Executive committee member")
    OFFICE_STAFF = "office_staff", _("Office staff")
    ORGANIZATION_STAFF = "organization_staff", _("Organisation (Party-building) staff")
    INSPECTION_STAFF = "inspection_staff", _("Inspection commission staff")
    MEMBER = "member", _("Party member")
    OBSERVER = "observer", _("Observer (superior committee)")


class Action(models.TextChoices):
    VIEW_FIGURES = "figures.view", _("See figures")
    VIEW_REGISTER = "register.view", _("See personal records")
    EDIT_REGISTER = "register.edit", _("Change the register")
    VIEW_OVERSIGHT = "oversight.view", _("See inspections and supervisions")
    EDIT_OVERSIGHT = "oversight.edit", _("Record inspections and supervisions")
    VIEW_DISCIPLINE = "discipline.view", _("See discipline cases (confidential)")
    EDIT_DISCIPLINE = "discipline.edit", _("Record discipline cases")
    VIEW_TASKS = "tasks.view", _("See tasks")
    ASSIGN_TASKS = "tasks.assign", _("Assign tasks")
    VIEW_AUDIT = "audit.view", _("Browse the audit log")
    ISSUE_DOCUMENTS = "documents.issue", _("Issue documents")
    MANAGE_ACCOUNTS = "accounts.manage", _("Manage accounts and roles")


_LEADERS = {
    Action.VIEW_FIGURES,
    Action.VIEW_REGISTER,
    Action.VIEW_OVERSIGHT,
    Action.VIEW_TASKS,
    Action.ASSIGN_TASKS,
    Action.ISSUE_DOCUMENTS,
}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.SECRETARY: frozenset(_LEADERS | {Action.VIEW_AUDIT, Action.EDIT_REGISTER}),
    Role.DEPUTY_SECRETARY: frozenset(_LEADERS | {Action.VIEW_AUDIT, Action.EDIT_REGISTER}),
    Role.STANDING_MEMBER: frozenset(_LEADERS | {Action.VIEW_DISCIPLINE}),
    Role.COMMITTEE_MEMBER: frozenset(
        {Action.VIEW_FIGURES, Action.VIEW_REGISTER, Action.VIEW_OVERSIGHT, Action.VIEW_TASKS}
    ),
    Role.OFFICE_STAFF: frozenset(
        {
            Action.VIEW_FIGURES,
            Action.VIEW_REGISTER,
            Action.EDIT_REGISTER,
            Action.VIEW_TASKS,
            Action.ASSIGN_TASKS,
            Action.VIEW_AUDIT,
            Action.ISSUE_DOCUMENTS,
            Action.MANAGE_ACCOUNTS,
        }
    ),
    Role.ORGANIZATION_STAFF: frozenset(
        {Action.VIEW_FIGURES, Action.VIEW_REGISTER, Action.EDIT_REGISTER, Action.VIEW_TASKS}
    ),
    Role.INSPECTION_STAFF: frozenset(
        {
            Action.VIEW_FIGURES,
            Action.VIEW_REGISTER,
            Action.VIEW_OVERSIGHT,
            Action.EDIT_OVERSIGHT,
            Action.VIEW_DISCIPLINE,
            Action.EDIT_DISCIPLINE,
        }
    ),
    # A member acts on his or her own record and tasks only (accounts.selectors.is_self).
    Role.MEMBER: frozenset(),
    # Observers of a superior committee see figures, never personal data.
    Role.OBSERVER: frozenset({Action.VIEW_FIGURES}),
}

# Staff roles log in with a second factor (TOTP or a backup code).
SECOND_FACTOR_ROLES = frozenset({Role.OFFICE_STAFF, Role.ORGANIZATION_STAFF, Role.INSPECTION_STAFF})
