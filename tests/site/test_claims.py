"""Credit claims on a real site: filed by the employee, decided by their approver and HR through the
shipped workflow, credited once, reversed on cancel; one certificate once; nobody decides their own."""

import io

import pytest

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import add_days, random_string, today

from hr_credit_app import claims
from hr_credit_app.api import get_credit_summary

from .factories import COMPANY, employee_user, new_employee, purge
from .http import request, token
from .test_permissions import make_hr_user


def _department() -> str:
	"""A department of its own, so that no leave approver of a shared one becomes the approver."""
	return (
		frappe.get_doc(
			{"doctype": "Department", "department_name": "Claims " + random_string(6), "company": COMPANY}
		)
		.insert(ignore_permissions=True)
		.name
	)


@pytest.fixture
def people():
	department = _department()
	manager = new_employee(department=department)
	claimant = new_employee(department=department, reports_to=manager)
	colleague = new_employee(department=department, reports_to=manager)
	return frappe._dict(
		department=department,
		manager=manager,
		claimant=claimant,
		colleague=colleague,
		manager_user=employee_user(manager),
		claimant_user=employee_user(claimant),
		colleague_user=employee_user(colleague),
		hr=make_hr_user("HR Manager"),
	)


def category() -> str:
	return frappe.db.get_value("Credit Category", {"disabled": 0}, "name", order_by="name")


def file(user, employee=None, **values):
	frappe.set_user(user)
	try:
		doc = frappe.get_doc(
			{
				"doctype": "Credit Claim",
				"employee": employee,
				"title": values.pop("title", "PMP certification"),
				"kind": values.pop("kind", "Certificate"),
				"claim_date": values.pop("claim_date", add_days(today(), -3)),
				"category": values.pop("category", None) or category(),
				**values,
			}
		).insert()
	finally:
		frappe.set_user("Administrator")
	return doc


def act(user, claim, action):
	"""Apply a workflow action as ``user``, as the form's Actions menu does."""
	frappe.set_user(user)
	try:
		return apply_workflow(frappe.get_doc("Credit Claim", claim.name).as_dict(), action)
	finally:
		frappe.set_user("Administrator")


def edit(user, claim, **values):
	frappe.set_user(user)
	try:
		doc = frappe.get_doc("Credit Claim", claim.name)
		doc.update(values)
		doc.save()
		return doc
	finally:
		frappe.set_user("Administrator")


def total(employee) -> float:
	return get_credit_summary(employee)["total"]


def test_a_claim_goes_from_the_employee_to_the_manager_to_hr_and_becomes_credits(people):
	claim = file(people.claimant_user, certificate_number="PMP-" + random_string(6))
	assert claim.employee == people.claimant  # an employee's claim is their own
	assert claim.status == "Draft"
	assert claim.approver == people.manager_user  # the manager the employee reports to
	assert claim.suggested_credits == 3  # the default policy: a certificate is worth 3
	assert not claim.credits
	before = total(people.claimant)

	act(people.claimant_user, claim, "Submit for Approval")
	assert frappe.db.get_value("Credit Claim", claim.name, "status") == "Pending Approval"

	edit(people.manager_user, claim, credits=2.5)
	act(people.manager_user, claim, "Approve")
	claim.reload()
	assert (claim.status, claim.approved_by, claim.docstatus) == ("Pending HR", people.manager_user, 0)
	assert total(people.claimant) == before  # nothing is credited before HR approves

	act(people.hr, claim, "Approve")
	claim.reload()
	assert (claim.status, claim.docstatus, claim.hr_approved_by) == ("Approved", 1, people.hr)
	entry = frappe.get_doc("Credit Entry", claim.credit_entry)
	assert (entry.source, entry.credits, entry.category, entry.approved_by, entry.docstatus) == (
		"Claim",
		2.5,
		claim.category,
		people.manager_user,
		1,
	)
	assert (entry.reference_doctype, entry.reference_name) == ("Credit Claim", claim.name)
	assert total(people.claimant) == before + 2.5

	act(people.hr, claim, "Cancel")
	claim.reload()
	assert (claim.status, claim.docstatus) == ("Cancelled", 2)
	assert frappe.db.get_value("Credit Entry", entry.name, "docstatus") == 2
	assert total(people.claimant) == before


def test_send_back_asks_a_question_and_the_claimant_answers(people):
	claim = file(people.claimant_user, kind="External Course", hours=4)
	assert claim.suggested_credits == 2  # 0.5 a hour
	act(people.claimant_user, claim, "Submit for Approval")
	with pytest.raises(frappe.ValidationError, match="Say why"):
		act(people.manager_user, claim, "Send Back")
	edit(people.manager_user, claim, decision_note="Which course, at which school?")
	act(people.manager_user, claim, "Send Back")
	assert frappe.db.get_value("Credit Claim", claim.name, "status") == "Sent Back"

	claim = edit(people.claimant_user, claim, title="Data analysis, Fudan University", hours=12)
	assert claim.suggested_credits == 6
	act(people.claimant_user, claim, "Submit for Approval")
	assert frappe.db.get_value("Credit Claim", claim.name, "status") == "Pending Approval"


def test_the_claimant_neither_grants_credits_nor_changes_a_claim_under_decision(people):
	claim = file(people.claimant_user, credits=50)
	assert not claim.credits  # a new claim asks; it grants nothing
	with pytest.raises(frappe.PermissionError):
		edit(people.claimant_user, claim, credits=50)
	act(people.claimant_user, claim, "Submit for Approval")
	with pytest.raises(frappe.PermissionError):
		edit(people.claimant_user, claim, hours=400)
	with pytest.raises(frappe.PermissionError):
		edit(people.claimant_user, claim, workflow_state="Pending HR")


def test_the_claimant_cannot_skip_the_approver(people):
	claim = file(people.claimant_user)
	assert claim.approver == people.manager_user
	with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
		edit(people.claimant_user, claim, workflow_state="Pending HR", approved_by=people.claimant_user)
	# nor forge the first step's approval on a draft: the app records it, not the sender
	claim = edit(people.claimant_user, claim, approved_by=people.manager_user, note="see attachment")
	assert claim.approved_by is None


def test_an_employee_claims_only_for_themselves(people):
	with pytest.raises(frappe.PermissionError):
		file(people.claimant_user, employee=people.colleague)


def test_an_approver_decides_only_for_their_people(people):
	claim = file(people.claimant_user)
	act(people.claimant_user, claim, "Submit for Approval")
	outsider = new_employee(department=_department())
	outsider_user = employee_user(outsider)
	with pytest.raises((WorkflowTransitionError, frappe.PermissionError)):
		act(outsider_user, claim, "Approve")  # they may not even read it
	frappe.set_user(outsider_user)
	assert not frappe.has_permission("Credit Claim", "read", doc=frappe.get_doc("Credit Claim", claim.name))
	assert claim.name not in frappe.get_list("Credit Claim", pluck="name")
	frappe.set_user(people.colleague_user)  # same department and manager, not the approver
	assert not frappe.has_permission("Credit Claim", "write", doc=frappe.get_doc("Credit Claim", claim.name))
	frappe.set_user(people.manager_user)
	assert claim.name in frappe.get_list("Credit Claim", pluck="name")  # routed to them
	frappe.set_user("Administrator")
	# and the state cannot be written past the approver, whatever the request
	with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
		edit(outsider_user, claim, workflow_state="Pending HR")


def test_nobody_approves_their_own_claim(people):
	# an HR Manager who is also an employee, reporting to nobody: the claim goes to HR, not to them
	hr_employee = new_employee(department=_department())
	hr_user = employee_user(hr_employee)
	frappe.get_doc("User", hr_user).add_roles("HR Manager")
	claim = file(hr_user)
	assert claim.approver is None
	act(hr_user, claim, "Submit to HR")
	assert frappe.db.get_value("Credit Claim", claim.name, "status") == "Pending HR"
	with pytest.raises(frappe.PermissionError, match="their own claim"):
		act(hr_user, claim, "Approve")
	act(people.hr, claim, "Approve")  # another HR Manager may
	assert frappe.db.get_value("Credit Claim", claim.name, "docstatus") == 1


def test_one_certificate_is_claimed_once(people):
	number = "CISSP 2026-" + random_string(5)
	first = file(people.claimant_user, certificate_number=number)
	with pytest.raises(frappe.DuplicateEntryError):
		file(people.colleague_user, certificate_number=number.lower().replace(" ", "").replace("-", " "))
	# rejected, the certificate is free again
	act(people.claimant_user, first, "Submit for Approval")
	edit(people.manager_user, first, decision_note="This certificate is not yours.")
	act(people.manager_user, first, "Reject")
	assert frappe.db.get_value("Credit Claim", first.name, "status") == "Rejected"
	assert file(people.colleague_user, certificate_number=number).certificate_key


def test_one_proof_file_is_claimed_once(people):
	content = b"certificate " + random_string(20).encode()
	first = file(people.claimant_user)
	second = file(people.colleague_user, title="The same PDF")
	for claim in (first, second):
		proof = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "certificate.txt",
				"attached_to_doctype": "Credit Claim",
				"attached_to_name": claim.name,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)
		claim.proof = proof.file_url
	edit(people.claimant_user, first, proof=first.proof)
	with pytest.raises(frappe.DuplicateEntryError):
		edit(people.colleague_user, second, proof=second.proof)


def test_the_yearly_cap_limits_claimed_credits_per_category(people):
	settings = frappe.get_single("HR Credit Settings")
	settings.claim_yearly_cap = 4
	settings.save()
	approved = file(people.claimant_user, kind="Talk Held")  # 2 credits
	for user, action in ((people.claimant_user, "Submit for Approval"), (people.manager_user, "Approve")):
		act(user, approved, action)
	act(people.hr, approved, "Approve")
	second = file(people.claimant_user, kind="Certificate")  # 3 would make 5 > 4
	act(people.claimant_user, second, "Submit for Approval")
	act(people.manager_user, second, "Approve")
	with pytest.raises(frappe.ValidationError, match="at most 2 more"):
		act(people.hr, second, "Approve")
	edit(people.hr, second, credits=2)
	act(people.hr, second, "Approve")
	assert frappe.db.get_value("Credit Claim", second.name, "docstatus") == 1


def test_without_an_approver_a_claim_goes_to_hr(people):
	loner = new_employee(department=_department())
	claim = file(employee_user(loner))
	assert claim.approver is None
	with pytest.raises(WorkflowTransitionError):
		act(employee_user(loner), claim, "Submit for Approval")
	act(employee_user(loner), claim, "Submit to HR")
	assert frappe.db.get_value("Credit Claim", claim.name, "status") == "Pending HR"


def test_bad_claims_are_refused_with_a_clear_message(people):
	with pytest.raises(frappe.ValidationError, match="in the future"):
		file(people.claimant_user, claim_date=add_days(today(), 2))
	with pytest.raises(frappe.ValidationError, match="Hours must be"):
		file(people.claimant_user, hours=100000)
	with pytest.raises(frappe.ValidationError):
		file(people.claimant_user, kind="<img src=x onerror=alert(1)>")


def test_an_employee_files_a_claim_with_proof_from_my_credits():
	"""/my-credits posts the form with the proof file; the claim goes on to the approver at once."""
	department = _department()
	manager = new_employee(department=department)
	claimant = new_employee(department=department, reports_to=manager)
	user = employee_user(claimant)
	kind_of_learning = category()
	headers = token(user)  # commits the employees too
	try:
		response = request(
			"post",
			"/api/method/hr_credit_app.claims.file_claim",
			headers=headers,
			data={
				"title": "Safety officer course",
				"kind": "External Course",
				"claim_date": add_days(today(), -10),
				"hours": "16",
				"category": kind_of_learning,
				"proof": (io.BytesIO(b"certificate " + random_string(10).encode()), "../../cert<b>.txt"),
			},
			content_type="multipart/form-data",
		)
		assert response.status_code == 200, response.get_data(as_text=True)
		frappe.db.commit()  # a fresh snapshot: what the request committed
		answer = response.json["message"]
		assert (answer["status"], answer["suggested_credits"]) == ("Pending Approval", 8)
		claim = frappe.get_doc("Credit Claim", answer["name"])
		assert claim.approver == employee_user(manager)
		proof = frappe.get_doc("File", {"file_url": claim.proof})
		assert proof.is_private and proof.attached_to_name == claim.name
		assert "/" not in proof.file_name and "<" not in proof.file_name
		assert claim.proof_hash == proof.content_hash
		# a proof Frappe cannot read is refused with a clear answer, and nothing of it is kept
		response = request(
			"post",
			"/api/method/hr_credit_app.claims.file_claim",
			headers=headers,
			data={
				"title": "Broken scan",
				"kind": "Certificate",
				"claim_date": add_days(today(), -10),
				"category": kind_of_learning,
				"proof": (io.BytesIO(b"%PDF-1.4 truncated"), "scan.pdf"),
			},
			content_type="multipart/form-data",
		)
		assert response.status_code == 417, response.get_data(as_text=True)
		frappe.db.commit()
		assert "could not be read" in response.get_data(as_text=True)
		assert frappe.db.count("Credit Claim", {"employee": claimant}) == 1
	finally:
		frappe.db.rollback()
		for name in frappe.get_all("Credit Claim", filters={"employee": claimant}, pluck="name"):
			for file_name in frappe.get_all(
				"File",
				filters={"attached_to_doctype": "Credit Claim", "attached_to_name": name},
				pluck="name",
			):
				frappe.delete_doc("File", file_name, ignore_permissions=True, force=True)
			frappe.db.delete("Workflow Action", {"reference_name": name})
			frappe.db.delete("Credit Claim", {"name": name})
		purge(employees=[claimant, manager], users=[user, employee_user(manager)])
		frappe.db.delete("Department", {"name": department})
		frappe.db.commit()


def test_an_employee_self_service_user_claims_too():
	"""HRMS puts employees on its Employee Self Service user type, which may use only the doctypes
	it lists: the app lists claims, redemptions, offers, credits and the survey there."""
	if not frappe.db.exists("User Type", "Employee Self Service"):
		pytest.skip("HRMS's Employee Self Service user type is not on this site")
	listed = set(
		frappe.get_all(
			"User Document Type", filters={"parent": "Employee Self Service"}, pluck="document_type"
		)
	)
	assert {"Credit Claim", "Credit Redemption", "Credit Offer", "Credit Entry"} <= listed
	employee = new_employee(department=_department())
	user = frappe.get_doc("User", employee_user(employee))
	user.user_type = "Employee Self Service"  # as HR sets it on the User form
	user.save(ignore_permissions=True)
	assert frappe.db.get_value("User", user.name, "user_type") == "Employee Self Service"
	frappe.set_user(user.name)
	try:
		answer = claims.file_claim(
			title="First aid course",
			kind="External Course",
			claim_date=add_days(today(), -1),
			category=category(),
			hours=4,
		)
		assert answer["suggested_credits"] == 2
		assert answer["name"] in frappe.get_list("Credit Claim", pluck="name")
	finally:
		frappe.set_user("Administrator")
