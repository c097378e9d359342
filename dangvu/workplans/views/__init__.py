"""Pages of plans and tasks, one module per subject: the member's own tasks and inbox, the committee's
board and accountability figures, tasks with their extensions, plans, directives. Every write calls a
service with `actor=request.user`; its problems are shown next to the fields they name; anything outside
the user's scope is a 404."""
