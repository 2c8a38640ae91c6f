"""Remove what an interrupted benchmark run left on a site.

    cd $HR_CREDIT_BENCH/sites && ../env/bin/python /path/to/hr_credit_app/benchmarks/cleanup.py [--dry-run]

Every benchmark tags its data (employees ``BENCH-<tag>-…``, departments ``Bench <tag> …``) and removes
it when it ends, also when it fails. A run killed from outside (the machine stops, ``kill -9``)
cannot, and its employees would then count in every company-wide figure of the site. This finds
each tag still present, puts back the settings the run had changed (recorded before it changed
them) and removes its data with the benchmarks' own clean-up steps. It touches nothing else.
"""

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import frappe

from benchmarks import common


def leftover_tags() -> list[str]:
	tags = set()
	for (name,) in frappe.db.sql(
		"""select name from `tabEmployee` where name like 'BENCH-%%'
		union select name from `tabCredit Course` where name like 'BENCH-%%'"""
	):
		if match := re.match(r"BENCH-([A-Z0-9]+)-", name):
			tags.add(match.group(1))
	for (name,) in frappe.db.sql(
		"""select department_name from `tabDepartment` where department_name like 'Bench %%'
		union select name from `tabSalary Component` where name like 'Bench Basic %%'"""
	):
		if match := re.match(r"Bench (?:Basic )?([A-Z0-9]+)\b", name):
			tags.add(match.group(1))
	return sorted(tags | set(common.remembered_tags()))


def remove(tag: str):
	from benchmarks import payroll, reports

	departments = frappe.get_all(
		"Department", filters={"department_name": ("like", f"Bench {tag} %")}, pluck="name"
	)
	common.restore(tag)  # settings the run changed (the policy's enabled flag, ...)
	reports.cleanup(tag, departments)  # the review data, plans and the tracking set
	payroll.cleanup(tag)  # slips, payouts, structures, then the employees and courses
	frappe.db.sql("delete from `tabCredit Evidence` where source_system like 'bench%%'")
	frappe.db.commit()


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--dry-run", action="store_true", help="only list what is left")
	args = parser.parse_args()
	common.connect()
	tags = leftover_tags()
	if not tags:
		print("no benchmark data on the site")
		return
	for tag in tags:
		count = frappe.db.count("Employee", {"name": ("like", f"BENCH-{tag}-%")})
		print(f"benchmark data left by run {tag}: {count} employees")
		if not args.dry_run:
			remove(tag)
	if not args.dry_run:
		print("removed")


if __name__ == "__main__":
	main()
