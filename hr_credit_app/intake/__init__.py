"""Evidence intake: the one way evidence enters the app, whatever its source.

Sources (the REST API, Frappe's Data Import, HRMS Training Results, Frappe LMS) hand rows to
:func:`intake`; rows go through the steps of this package, each set-based:

1. ``check`` resolves employees (ID, company email or user id) and courses (code) with one query
   each and validates every row (``engine.evidence``); a bad row gets an error code;
2. ``store`` writes every row, good or bad, as Credit Evidence; the unique deduplication key makes
   the database refuse a fact already received, also from two workers at the same moment;
3. :func:`credit_evidence` folds the new rows into enrolments with one upsert (``enrolments``),
   matches the enrolments not yet credited against the award rules (``awards``) and posts the
   awards through the ledger, whose unique award key gives one Credit Entry per enrolment.

``withdraw`` takes facts back. Nothing here commits: a request (or a background job) either writes
all of it or none of it.
"""

import uuid
from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils import add_to_date, cint, now_datetime

from hr_credit_app import bulk, compat
from hr_credit_app.engine import evidence as engine
from hr_credit_app.intake import awards, enrolments
from hr_credit_app.intake.awards import clear_rules_cache, get_rules
from hr_credit_app.intake.awards import evaluate as evaluate_enrolments
from hr_credit_app.intake.check import check
from hr_credit_app.intake.messages import error_message
from hr_credit_app.intake.store import (
	ACCEPTED,
	CREDITED,
	ERROR,
	NOT_YET_ELIGIBLE,
	WITHDRAWN,
	enrolment_name,
	evidence_values,
	store,
)
from hr_credit_app.intake.withdraw import (
	on_credit_entry_cancel,
	reevaluate_open_enrolments,
	withdraw_evidence,
)

mark_evidence = enrolments.mark_evidence
STRANDED_AFTER_MINUTES = 15  # a queued batch's job runs within minutes; older accepted rows were stranded

__all__ = [
	"ACCEPTED",
	"CREDITED",
	"ERROR",
	"NOT_YET_ELIGIBLE",
	"WITHDRAWN",
	"check",
	"clear_rules_cache",
	"credit_batch",
	"credit_evidence",
	"credit_stranded_evidence",
	"error_message",
	"evaluate_enrolments",
	"evidence_values",
	"get_rules",
	"intake",
	"mark_evidence",
	"on_credit_entry_cancel",
	"reevaluate_open_enrolments",
	"store",
	"withdraw_evidence",
]


def claim(names: list[str], wait: bool = True) -> list[str]:
	"""Lock the accepted rows among ``names`` for crediting; rows another worker is crediting (or
	has credited) are left out, so no fact is folded into an enrolment twice."""
	claimed = []
	with compat.latest_locking_reads():
		for chunk in bulk.chunks(sorted(names)):
			claimed += frappe.db.sql_list(
				"""select name from `tabCredit Evidence` where name in %s and status = 'Accepted'
				order by name for update{}""".format("" if wait else " skip locked"),
				(tuple(chunk),),
			)
	return claimed


def credit_evidence(
	evidence_names: Iterable[str], source: str = "Credit Rule", wait: bool = True, items=None
) -> dict:
	"""Fold accepted evidence into enrolments, evaluate the rules and post the awards.

	``items``: the checked rows behind ``evidence_names`` when this transaction has just stored them
	(inline intake). No other worker can see, let alone claim, rows not yet committed: they are
	folded from memory, and their statuses set by name."""
	if items is not None:
		names = list(evidence_names)
		accumulated = enrolments.accumulate_items(items)
	else:
		names = claim(list(evidence_names), wait=wait)
		accumulated = enrolments.accumulate_evidence(names) if names else {}
	if not names:
		return {"enrolments": 0, "posted": {}}
	touched = enrolments.upsert(accumulated)
	posted = awards.evaluate(sorted(touched), source=source)
	enrolment_of = (
		{name: enrolment_name(item.enrolment_key) for name, item in zip(names, items, strict=True)}
		if items is not None
		else None
	)
	enrolments.mark_evidence(sorted(touched), folded=names, credited_only=True, enrolment_of=enrolment_of)
	return {"enrolments": len(touched), "posted": posted}


def intake(
	rows: list,
	*,
	source_system: str,
	reference: tuple[str, str] | None = None,
	batch_id: str | None = None,
	process: str = "auto",
	credit_source: str = "Credit Rule",
	allowed_sources: Iterable[str] | None = None,
	forbid_self: bool = True,
) -> dict:
	"""Take a batch of evidence rows from any source; returns one result per row and totals.

	``process``: ``inline`` credits within this transaction, ``queue`` in a background job,
	``auto`` inline up to HR Credit Settings' limit. ``allowed_sources``: the source systems a row
	may name (None: any; the REST API passes the sender's own). ``forbid_self``: refuse rows that
	credit the sending user's own employee (all human and API paths; LMS reports a learner's own
	progress and passes False).
	"""
	batch_id = batch_id or uuid.uuid4().hex
	checked = check(rows, source_system, allowed_sources=allowed_sources, forbid_self=forbid_self)
	stored = store(checked, reference=reference, batch_id=batch_id)

	limit = cint(frappe.get_cached_doc("HR Credit Settings").inline_processing_limit or 1000)
	inline = process == "inline" or (process == "auto" and len(stored["new"]) <= limit)
	posted = {}
	if stored["new"]:
		if inline:
			posted = credit_evidence(stored["new"], source=credit_source, items=stored["new_items"])["posted"]
		else:
			frappe.db.after_commit.add(lambda: enqueue_batch(batch_id, credit_source))

	duplicates, errors = set(stored["duplicates"]), set(stored["errors"])
	results = []
	for item in checked:
		if item.index in errors:
			status, message = "error", error_message(item.error, item.error_params)
		elif item.index in duplicates:
			status = "duplicate"
			message = _("Already received: {0} from {1}.").format(
				engine.storable(item.external_id), engine.storable(item.source_system)
			)
		else:
			status, message = "accepted", None
		results.append(
			{
				"index": item.index,
				"external_id": engine.storable(item.external_id) or None,
				"status": status,
				"message": message,
				"evidence": stored["names"].get(item.index) if status != "duplicate" else None,
			}
		)
	return {
		"batch_id": batch_id,
		"processing": "inline" if inline else "queued",
		"totals": {
			"rows": len(checked),
			"accepted": len(stored["new"]),
			"duplicate": len(duplicates),
			"error": len(errors),
			"credited": len(posted),
		},
		"rows": results,
	}


def enqueue_batch(batch_id: str, credit_source: str) -> None:
	"""After the commit: hand the batch to a worker. If the queue cannot take it, the rows stay
	Accepted and the hourly catch-up credits them; the sender's request has succeeded either way."""
	try:
		frappe.enqueue(
			"hr_credit_app.intake.credit_batch",
			queue="long",
			timeout=3600,
			job_id="hr_credit_app:batch:" + batch_id,
			deduplicate=True,
			batch_id=batch_id,
			credit_source=credit_source,
		)
	except Exception:
		frappe.log_error(title=_("Evidence batch {0} could not be queued").format(batch_id))


def credit_batch(batch_id: str, credit_source: str = "Credit Rule") -> None:
	"""Background job: credit the accepted evidence of one batch."""
	names = frappe.get_all(
		"Credit Evidence", filters={"batch_id": batch_id, "status": ACCEPTED}, pluck="name"
	)
	credit_evidence(names, source=credit_source)


def credit_stranded_evidence(older_than_minutes: int = STRANDED_AFTER_MINUTES) -> int:
	"""Scheduler (hourly): credit accepted evidence that no worker credited (its batch's job failed,
	or was never queued). Rows a worker is crediting right now are skipped, not waited for."""
	cutoff = add_to_date(now_datetime(), minutes=-older_than_minutes)
	credited = 0
	last = ""
	while True:
		names = frappe.get_all(
			"Credit Evidence",
			filters={"status": ACCEPTED, "modified": ("<", cutoff), "name": (">", last)},
			order_by="name asc",
			limit=bulk.CHUNK,
			pluck="name",
		)
		if not names:
			return credited
		credited += len(credit_evidence(names, wait=False)["posted"])
		frappe.db.commit()
		last = names[-1]
