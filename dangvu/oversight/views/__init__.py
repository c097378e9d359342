"""Pages of inspection, supervision and discipline, one module per subject: programmes with done-against-
planned, inspections and supervisions, recommendations with the deadline view, discipline cases, decisions
and appeals. Every read goes through oversight.selectors (scope, confidentiality, audited reads); anything
out of reach is a 404. The forms call the services with the user as actor; their refusals are shown next
to the field named."""
