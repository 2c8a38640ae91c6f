"""HRMS Employee Promotion -> the credit gate of the new designation or grade (doc_events).

HRMS's own controller runs first; then this checks the employee's credits against the gate of the
company's policy. A gate in Block mode stops the promotion with what is missing; in Warn mode it
says so and lets it pass. An HR Manager may override a gate with a recorded reason; nobody else can.
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate, today

from hr_credit_app.engine import gates, incentives
from hr_credit_app.exceptions import CreditGateError
from hr_credit_app.permissions import require_roles
from hr_credit_app.policy import credit_frame, get_policy, skill_credits

GATED_FIELDS = {"designation": "Designation", "grade": "Grade"}


def number(value) -> str:
	return frappe.format(round(flt(value), 2), {"fieldtype": "Float"})


def gate_results(doc) -> list[dict]:
	company = doc.company or frappe.db.get_value("Employee", doc.employee, "company")
	policy = get_policy(company)
	if not policy or not policy.gates:
		return []
	results = []
	as_of = min(getdate(doc.promotion_date or today()), getdate(today()))
	for row in doc.get("promotion_details") or []:
		gate = policy.gates.get((GATED_FIELDS.get(row.fieldname), row.new))
		if not gate:
			continue
		frame = credit_frame([doc.employee], company, as_of, policy.gate_window)
		record = frame.iloc[0].to_dict()
		by_category = {
			key[len(incentives.CATEGORY_PREFIX) :]: value
			for key, value in record.items()
			if key.startswith(incentives.CATEGORY_PREFIX)
		}
		by_skill = skill_credits(doc.employee, company, as_of, policy.gate_window)
		results.append(gates.check_gate(gate, float(record["total"]), by_category, by_skill))
	return results


def describe(result: dict) -> str:
	"""'Promotion to Manager needs 50 credits, has 42; Management 12 of 20'."""
	parts = [
		_("Promotion to {0} needs {1} credits, has {2}").format(
			frappe.bold(result["target"]), number(result["min_total"]), number(result["total"])
		)
	]
	for shortfall in result["shortfalls"]:
		parts.append(
			_("{0} {1} of {2}").format(
				_(shortfall["name"]), number(shortfall["has"]), number(shortfall["needs"])
			)
		)
	return "; ".join(parts)


def validate_promotion(doc, method=None):
	failed = [result for result in gate_results(doc) if not result["passed"]]
	if not failed:
		doc.credit_gate_status = _("Passed") if doc.get("promotion_details") else None
		return
	message = "<br>".join(describe(result) for result in failed)
	before = doc.get_doc_before_save()
	override_changed = bool(doc.credit_gate_override) and (
		not before
		or not before.get("credit_gate_override")
		or before.get("credit_gate_override_reason") != doc.credit_gate_override_reason
	)
	if doc.credit_gate_override:
		if override_changed:
			require_roles(("HR Manager",))
		if not (doc.credit_gate_override_reason or "").strip():
			frappe.throw(_("Give the reason for overriding the credit gate."), exc=CreditGateError)
		doc.credit_gate_status = _("Overridden by {0}: {1}").format(
			frappe.session.user
			if override_changed
			else (before.get("modified_by") if before else frappe.session.user),
			message,
		)
		return
	doc.credit_gate_status = message
	if any(result["blocked"] for result in failed):
		frappe.throw(message, exc=CreditGateError, title=_("Credit Gate"))
	frappe.msgprint(message, title=_("Credit Gate"), indicator="orange")
