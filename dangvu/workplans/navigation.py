"""Labels of the menu entries that core/navigation.py lists for this app (translated in this app's
catalogue)."""

from django.utils.translation import gettext_lazy as _

MY_TASKS = _("My tasks")
TASK_BOARD = _("Task board")
