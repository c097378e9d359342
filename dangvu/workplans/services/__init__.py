"""Every write of plans, directives and tasks. Each service takes `actor` (None: the system — CLI, demo
loader) and `on`, the day of the act (default today; the demo loader writes the 2018 history with it, the
web never passes it). The actor needs `tasks.assign` on the committee on that day, except for the owner of
a task, who reports progress and asks for more time on his or her own task. Validation comes first and
raises InvalidInput with every problem; nothing is written then.

One module per subject; callers use `from dangvu.workplans import services` and the names below."""

from dangvu.workplans.services.directives import record_directive
from dangvu.workplans.services.extensions import decide_extension, request_extension
from dangvu.workplans.services.plans import add_plan_item, add_target, create_plan, report_target
from dangvu.workplans.services.tasks import add_progress, cancel_task, create_task, reassign

__all__ = [
    "add_plan_item",
    "add_progress",
    "add_target",
    "cancel_task",
    "create_plan",
    "create_task",
    "decide_extension",
    "reassign",
    "record_directive",
    "report_target",
    "request_extension",
]
