"""Credit claims: learning done elsewhere, claimed by the employee with proof, approved, credited.

The Credit Claim controller keeps the rules (``engine.claims`` holds them without frappe); this
module is what it needs from the site: the claim policy, the approver of an employee, the yearly
cap, the shipped workflow, and the ``/my-credits`` endpoint an employee files a claim through.

Approval runs through Frappe's Workflow "Credit Claim Approval" (created at install, editable in the
desk): Draft -> Pending Approval (the employee's approver) -> Pending HR (HR Manager) -> Approved,
with Send Back and Reject at each step. Each workflow state names the claim status it stands for
(``update_field`` status), so a renamed or added state keeps the rules: the claimant files, the
approver decides the first step, HR the last, nobody their own claim.
"""

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate

from hr_credit_app import credits, ledger, safe
from hr_credit_app.engine import claims as rules

WORKFLOW = "Credit Claim Approval"
HR_APPROVER_ROLE = "HR Manager"
# bounds on what a sender controls
MAX_HOURS = 2000
MAX_NOTE = 2000
MAX_PROOF_BYTES = 10 * 1024 * 1024


def claim_policy() -> tuple[list[rules.Rate], float]:
	"""The claim policy of HR Credit Settings: a rate per kind, and the yearly cap per category."""
	settings = frappe.get_cached_doc("HR Credit Settings")
	rates = [
		rules.Rate(
			kind=row.kind,
			credits_per_claim=flt(row.credits_per_claim),
			credits_per_hour=flt(row.credits_per_hour),
			max_credits=flt(row.max_credits),
		)
		for row in settings.get("claim_rates") or []
	]
	return rates, flt(settings.get("claim_yearly_cap"))


def suggested_credits(kind: str, hours) -> float:
	rates, _cap = claim_policy()
	return rules.suggest(rules.rate_for(rates, kind), hours)


def claimed_this_year(employee: str, category: str, on_date, exclude_entry: str | None = None) -> float:
	"""Credits the employee already gained by claims in the category, in the calendar year of
	``on_date`` (the cap's year)."""
	day = getdate(on_date)
	totals = credits.source_totals(
		employee, ledger.CLAIM, day.replace(month=1, day=1), day.replace(month=12, day=31)
	)
	return flt(totals.get(category))


def user_of(employee: str | None) -> str | None:
	return frappe.db.get_value("Employee", employee, "user_id") if employee else None


def approver_of(employee: str) -> str | None:
	"""Whom an employee's claim goes to first: the user of the manager they report to, else their
	leave approver, else their department's first leave approver (as HRMS's Leave Application
	finds it); never the employee themself. None: the claim goes to HR directly."""
	row = frappe.db.get_value(
		"Employee", employee, ["user_id", "reports_to", "leave_approver", "department"], as_dict=True
	)
	if not row:
		return None
	candidates = [user_of(row.reports_to), row.leave_approver]
	if row.department:
		candidates.append(
			frappe.db.get_value(
				"Department Approver",
				{"parent": row.department, "parentfield": "leave_approvers", "parenttype": "Department"},
				"approver",
				order_by="idx asc",
			)
		)
	approver = rules.choose_approver(row.user_id, candidates)
	if approver and not frappe.db.get_value("User", approver, "enabled"):
		return None
	return approver


def workflow_statuses() -> dict[str, str] | None:
	"""The active workflow's states and the claim status each stands for; None without a workflow."""
	from frappe.model.workflow import get_workflow_name

	name = get_workflow_name("Credit Claim")
	if not name:
		return None
	workflow = frappe.get_cached_doc("Workflow", name)
	return {row.state: row.update_value for row in workflow.states if row.update_field == "status"}


def proof_hash(file_url: str | None) -> str | None:
	"""The content hash of the attached proof (the File Frappe stored), to refuse one file twice."""
	if not file_url:
		return None
	return frappe.db.get_value("File", {"file_url": file_url}, "content_hash", order_by="creation asc")


# ---- the shipped workflow --------------------------------------------------------------------------

STATES = (
	# state, docstatus, who may edit in it, style
	(rules.DRAFT, 0, "Employee", ""),
	(rules.PENDING_APPROVAL, 0, "Employee", "Warning"),
	(rules.SENT_BACK, 0, "Employee", "Info"),
	(rules.PENDING_HR, 0, HR_APPROVER_ROLE, "Warning"),
	(rules.APPROVED, 1, HR_APPROVER_ROLE, "Success"),
	(rules.REJECTED, 0, HR_APPROVER_ROLE, "Danger"),
	(rules.CANCELLED, 2, HR_APPROVER_ROLE, "Inverse"),
)
IS_APPROVER = "doc.approver == frappe.session.user"
HAS_APPROVER = "doc.approver"
NO_APPROVER = "not doc.approver"
TRANSITIONS = (
	# state, action, next state, role, condition
	(rules.DRAFT, "Submit for Approval", rules.PENDING_APPROVAL, "Employee", HAS_APPROVER),
	(rules.DRAFT, "Submit to HR", rules.PENDING_HR, "Employee", NO_APPROVER),
	(rules.SENT_BACK, "Submit for Approval", rules.PENDING_APPROVAL, "Employee", HAS_APPROVER),
	(rules.SENT_BACK, "Submit to HR", rules.PENDING_HR, "Employee", NO_APPROVER),
	(rules.PENDING_APPROVAL, "Approve", rules.PENDING_HR, "Employee", IS_APPROVER),
	(rules.PENDING_APPROVAL, "Send Back", rules.SENT_BACK, "Employee", IS_APPROVER),
	(rules.PENDING_APPROVAL, "Reject", rules.REJECTED, "Employee", IS_APPROVER),
	(rules.PENDING_APPROVAL, "Approve", rules.PENDING_HR, HR_APPROVER_ROLE, ""),
	(rules.PENDING_HR, "Approve", rules.APPROVED, HR_APPROVER_ROLE, ""),
	(rules.PENDING_HR, "Send Back", rules.SENT_BACK, HR_APPROVER_ROLE, ""),
	(rules.PENDING_HR, "Reject", rules.REJECTED, HR_APPROVER_ROLE, ""),
	(rules.APPROVED, "Cancel", rules.CANCELLED, HR_APPROVER_ROLE, ""),
)


def make_workflow():
	"""Create the claim workflow once (HR may edit it afterwards; migrate leaves it alone)."""
	for state, _docstatus, _role, style in STATES:
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
			).insert(ignore_permissions=True)
	for action in {row[1] for row in TRANSITIONS}:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	if frappe.db.exists("Workflow", WORKFLOW):
		return
	workflow = frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": WORKFLOW,
			"document_type": "Credit Claim",
			"workflow_state_field": "workflow_state",
			"is_active": 1,
			"send_email_alert": 0,
			"states": [
				{
					"state": state,
					"doc_status": str(docstatus),
					"allow_edit": role,
					"update_field": "status",
					"update_value": state,
				}
				for state, docstatus, role, _style in STATES
			],
			"transitions": [
				{
					"state": state,
					"action": action,
					"next_state": next_state,
					"allowed": role,
					"condition": condition,
					"allow_self_approval": 1,  # the claimant rule is the controller's (engine.claims)
				}
				for state, action, next_state, role, condition in TRANSITIONS
			],
		}
	)
	workflow.insert(ignore_permissions=True)


def delete_workflow():
	if frappe.db.exists("Workflow", WORKFLOW):
		frappe.delete_doc("Workflow", WORKFLOW, ignore_permissions=True, force=True)


def make_default_rates():
	"""The claim policy's default rates (engine.claims.DEFAULT_RATES), when it has none."""
	settings = frappe.get_single("HR Credit Settings")
	if settings.get("claim_rates"):
		return
	for rate in rules.DEFAULT_RATES:
		settings.append(
			"claim_rates",
			{
				"kind": rate.kind,
				"credits_per_claim": rate.credits_per_claim,
				"credits_per_hour": rate.credits_per_hour,
				"max_credits": rate.max_credits,
			},
		)
	settings.flags.ignore_permissions = True
	settings.save()


# ---- /my-credits -----------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def file_claim(
	title: str,
	kind: str,
	claim_date: str,
	category: str,
	hours: str | float | None = None,
	certificate_number: str | None = None,
	note: str | None = None,
	employee: str | None = None,
) -> dict:
	"""File a claim from /my-credits: the employee's own (HR may name one), with the uploaded proof
	(multipart field ``proof``), sent on to its first decider at once. Returns the claim's name,
	status and suggested credits."""
	from hr_credit_app.permissions import get_own_employees, is_hr

	if not employee:
		own = get_own_employees()
		if not own:
			frappe.throw(_("Your user is not linked to an employee record."), frappe.PermissionError)
		employee = own[0]
	elif employee not in get_own_employees() and not is_hr():
		frappe.throw(_("You can claim credits only for yourself."), frappe.PermissionError)

	claim = frappe.get_doc(
		{
			"doctype": "Credit Claim",
			"employee": employee,
			"title": title,
			"kind": kind,
			"claim_date": claim_date,
			"hours": flt(hours) if hours not in (None, "") else None,
			"category": category,
			"certificate_number": certificate_number,
			"note": note,
		}
	)
	claim.insert()
	request = getattr(frappe.local, "request", None)
	upload = request.files.get("proof") if request is not None and request.files else None
	if upload:
		content = upload.stream.read(MAX_PROOF_BYTES + 1)
		if len(content) > MAX_PROOF_BYTES:
			frappe.throw(_("The proof is larger than {0} MB.").format(MAX_PROOF_BYTES // (1024 * 1024)))
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": safe.file_name(upload.filename),
				"attached_to_doctype": "Credit Claim",
				"attached_to_name": claim.name,
				"attached_to_field": "proof",
				"is_private": 1,
				"content": content,
			}
		)
		try:
			file.save(ignore_permissions=True)
		except frappe.ValidationError:
			raise
		except Exception:
			# a file Frappe cannot read (a broken PDF): the sender hears it, nothing is kept
			frappe.log_error(title="Credit Claim proof")
			frappe.throw(
				_("The proof could not be read. Attach a PDF or an image that opens."),
				title=_("Unreadable Proof"),
			)
		claim.reload()
		claim.proof = file.file_url
		claim.save()
	send_on(claim)
	return {"name": claim.name, "status": claim.status, "suggested_credits": claim.suggested_credits}


def send_on(claim) -> None:
	"""The claimant's first workflow action (Submit for Approval, or to HR when there is no
	approver), as the form's Actions menu would apply it."""
	from frappe.model.workflow import apply_workflow, get_transitions

	if not workflow_statuses():
		return
	for transition in get_transitions(claim):
		if rules.decider(claim.status, transition.next_state) == rules.CLAIMANT:
			apply_workflow(claim.as_dict(), transition.action)
			claim.reload()
			return


@frappe.whitelist()
def get_claim_options() -> dict:
	"""What the /my-credits claim form offers: kinds, categories, and each kind's rate."""
	rates, cap = claim_policy()
	categories = frappe.get_all(
		"Credit Category", filters={"disabled": 0}, fields=["name"], order_by="name", limit=100
	)
	return {
		"kinds": [{"value": kind, "label": _(kind)} for kind in rules.KINDS],
		"categories": [{"value": row.name, "label": _(row.name)} for row in categories],
		"rates": {
			rate.kind: {
				"credits_per_claim": rate.credits_per_claim,
				"credits_per_hour": rate.credits_per_hour,
				"max_credits": rate.max_credits,
			}
			for rate in rates
		},
		"yearly_cap": cap,
		"max_proof_mb": MAX_PROOF_BYTES // (1024 * 1024),
	}


def my_claims(employee: str, limit: int = 20) -> list[dict]:
	"""The employee's latest claims for their page."""
	return frappe.get_all(
		"Credit Claim",
		filters={"employee": employee},
		fields=[
			"name",
			"title",
			"kind",
			"claim_date",
			"status",
			"credits",
			"suggested_credits",
			"decision_note",
		],
		order_by="creation desc",
		limit=cint(limit),
		ignore_permissions=True,
	)
