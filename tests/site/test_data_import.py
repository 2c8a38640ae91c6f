"""CSV through Frappe's own Data Import credits the same as the REST API (committed, then removed:
the importer commits after every row)."""

import frappe
from frappe.utils import random_string, today

from .factories import new_course, new_employee, purge

HEADER = "Source System,External ID,Employee,Course Code,Kind,Value,Date"


def test_a_csv_through_data_import_credits_like_the_api():
	employee = new_employee()
	course = new_course(code="CSV-" + random_string(6).upper(), base_credits=2, weight=1.5)
	email = frappe.db.get_value("Employee", employee, "user_id")
	tag = random_string(6)
	frappe.db.commit()
	rows = [
		f"hr-system,{tag}-1,{employee},{course.name},Completion,100,{today()}",
		f"hr-system,{tag}-2,{email},{course.name},Exam,88,{today()}",
		f"hr-system,{tag}-3,nobody@nowhere.example,{course.name},Exam,90,{today()}",
	]
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"evidence-{tag}.csv",
			"content": "\n".join([HEADER, *rows]).encode(),
			"is_private": 1,
		}
	).insert()
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": "Credit Evidence",
			"import_type": "Insert New Records",
			"import_file": file.file_url,
		}
	).insert()
	frappe.db.commit()
	try:
		data_import.start_import()  # runs at once in tests (Frappe's own rule)
		frappe.db.commit()
		data_import.reload()
		# the rejected row fails in the import, with its reason, instead of "Successfully imported"
		assert data_import.status == "Partial Success"
		logs = frappe.get_all(
			"Data Import Log", {"data_import": data_import.name}, ["success", "messages", "row_indexes"]
		)
		assert sorted(log.success for log in logs) == [0, 1, 1]
		(failed,) = [log for log in logs if not log.success]
		assert "nobody@nowhere.example" in failed.messages and "Unknown employee" in failed.messages
		entries = frappe.get_all(
			"Credit Entry",
			filters={"employee": employee, "docstatus": 1},
			fields=["credits", "credit_rule", "source"],
		)
		assert [(e.credits, e.credit_rule, e.source) for e in entries] == [
			(3, "Online course: completed and exam 80 or more", "Import")
		]
		evidence = {
			row.external_id: row
			for row in frappe.get_all(
				"Credit Evidence",
				filters={"external_id": ("like", f"{tag}-%")},
				fields=["external_id", "status", "error_message", "source_system"],
			)
		}
		assert {k: v.status for k, v in evidence.items()} == {f"{tag}-1": "Credited", f"{tag}-2": "Credited"}
		assert evidence[f"{tag}-1"].source_system == "hr-system"
	finally:
		frappe.db.rollback()
		frappe.db.delete("Credit Evidence", {"external_id": ("like", f"{tag}-%")})
		frappe.db.delete("Data Import Log", {"data_import": data_import.name})
		frappe.db.delete("Data Import", {"name": data_import.name})
		frappe.delete_doc("File", file.name, force=True, ignore_permissions=True)
		purge(employees=[employee], courses=[course.name])
