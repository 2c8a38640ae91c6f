"""Redemption: credits exchanged for what HR offers (the seed's 学分兑换定制化培训, a customised
training seat, a seat at an external programme, other offers), per company, each with a price in
credits, seats and a window.

The **redeemable balance** is kept apart from the credits that count: it is every credit the
employee earned (their cumulative ledger balance) minus the credits of their redemptions that are
requested or approved. Redeeming never touches the ledger, so it never lowers a level, an allowance,
a promotion gate or an honour. A request reserves its credits and a seat at once; a rejected,
withdrawn or cancelled one gives them back. The check runs under locks (the employee's and the
offer's rows, and locking reads of the reservations), so two requests at the same moment never
overdraw the balance or the seats; a request that meets another in a deadlock is run again.
"""

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, today

from hr_credit_app import compat, credits, retry, safe

RESERVING = ("Requested", "Approved")


def earned(employee: str) -> float:
	"""Every credit the employee earned (their cumulative balance as of today)."""
	total, _by_category = credits.employee_totals(employee, None, today())
	return flt(total)


def reserved(employee: str, lock: bool = False, exclude: str | None = None) -> float:
	"""Credits held by the employee's requested and approved redemptions. ``lock``: a locking read,
	which sees what other transactions committed since this one began and holds it until commit."""
	return flt(
		frappe.db.sql(
			f"""select coalesce(sum(credits), 0) from `tabCredit Redemption`
			where employee = %(employee)s and docstatus < 2 and status in %(reserving)s
				and name != %(exclude)s
			{"for update" if lock else ""}""",
			{"employee": employee, "reserving": RESERVING, "exclude": exclude or ""},
		)[0][0]
	)


def redeemable(employee: str) -> float:
	return round(max(0.0, earned(employee) - reserved(employee)), 6)


def seats_taken(offer: str, lock: bool = False, exclude: str | None = None) -> int:
	return cint(
		frappe.db.sql(
			f"""select count(*) from `tabCredit Redemption`
			where offer = %(offer)s and docstatus < 2 and status in %(reserving)s and name != %(exclude)s
			{"for update" if lock else ""}""",
			{"offer": offer, "reserving": RESERVING, "exclude": exclude or ""},
		)[0][0]
	)


def check_and_reserve(doc) -> None:
	"""Refuse a request the employee cannot pay or the offer cannot seat, under locks (locking reads
	see the rows as they are now, on MariaDB 11 too: compat.latest_locking_reads)."""
	with compat.latest_locking_reads():
		_check_and_reserve(doc)


def _check_and_reserve(doc) -> None:
	frappe.db.sql("select name from `tabEmployee` where name = %s for update", doc.employee)
	offer = frappe.db.sql(
		"select name, offer_name, price, stock, enabled, company, valid_from, valid_to from `tabCredit Offer` where name = %s for update",
		doc.offer,
		as_dict=True,
	)
	if not offer:
		frappe.throw(_("There is no offer {0}.").format(safe.bold(doc.offer)))
	offer = offer[0]
	day = getdate(today())
	if (
		not offer.enabled
		or offer.company != doc.company
		or (offer.valid_from and getdate(offer.valid_from) > day)
		or (offer.valid_to and getdate(offer.valid_to) < day)
	):
		frappe.throw(
			_("{0} is not on offer for {1} today.").format(
				safe.bold(offer.offer_name), safe.bold(doc.employee_name)
			),
			title=_("Not on Offer"),
		)
	if cint(offer.stock) and seats_taken(doc.offer, lock=True, exclude=doc.name) >= cint(offer.stock):
		frappe.throw(_("No seats of {0} are left.").format(safe.bold(offer.offer_name)), title=_("Sold Out"))
	left = earned(doc.employee) - reserved(doc.employee, lock=True, exclude=doc.name)
	if flt(doc.credits) > left + 1e-9:
		frappe.throw(
			_("{0} costs {1} credits; {2} has {3} credits to redeem.").format(
				safe.bold(offer.offer_name),
				_number(doc.credits),
				safe.bold(doc.employee_name),
				_number(max(0, left)),
			),
			title=_("Not Enough Credits"),
		)


def _number(value) -> str:
	return f"{flt(value, 2):g}"


def offers_for(employee: str) -> list[dict]:
	"""The offers open to an employee today (their company's, enabled, in their window), with the
	seats left."""
	company = frappe.db.get_value("Employee", employee, "company")
	day = today()
	offers = frappe.get_all(
		"Credit Offer",
		filters={"company": company, "enabled": 1},
		fields=["name", "offer_name", "kind", "price", "stock", "valid_from", "valid_to", "description"],
		order_by="price asc, offer_name asc",
		limit=200,
		ignore_permissions=True,
	)
	offers = [
		offer
		for offer in offers
		if not (
			(offer.valid_from and str(offer.valid_from) > day)
			or (offer.valid_to and str(offer.valid_to) < day)
		)
	]
	taken = (
		dict(
			frappe.db.sql(
				"""select offer, count(*) from `tabCredit Redemption`
				where offer in %(offers)s and docstatus < 2 and status in %(reserving)s group by offer""",
				{"offers": tuple(offer.name for offer in offers), "reserving": RESERVING},
			)
		)
		if offers
		else {}
	)
	for offer in offers:
		offer["seats_left"] = (
			max(0, cint(offer.stock) - cint(taken.get(offer.name))) if cint(offer.stock) else None
		)
	return offers


def my_redemptions(employee: str, limit: int = 20) -> list[dict]:
	return frappe.get_all(
		"Credit Redemption",
		filters={"employee": employee},
		fields=["name", "offer_name", "credits", "status", "decision_note", "creation"],
		order_by="creation desc",
		limit=limit,
		ignore_permissions=True,
	)


@frappe.whitelist(methods=["POST"])
def request_redemption(offer: str, note: str | None = None) -> dict:
	"""/my-credits: the signed-in employee asks for an offer. Returns the request and the balance left."""
	from hr_credit_app.permissions import get_own_employees

	own = get_own_employees()
	if not own:
		frappe.throw(_("Your user is not linked to an employee record."), frappe.PermissionError)

	def work():
		doc = frappe.get_doc(
			{"doctype": "Credit Redemption", "employee": own[0], "offer": offer, "note": note}
		)
		doc.insert()
		return doc

	doc = retry.run(work)
	return {"name": doc.name, "status": doc.status, "credits": doc.credits, "redeemable": redeemable(own[0])}


@frappe.whitelist(methods=["POST"])
def withdraw_redemption(name: str) -> dict:
	"""The employee withdraws a request HR has not decided yet; its credits and seat come back."""
	doc = frappe.get_doc("Credit Redemption", name)
	doc.check_permission("write")
	doc.status = "Withdrawn"
	doc.save()
	return {"name": doc.name, "status": doc.status}
