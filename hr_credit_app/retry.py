"""Retry a whole transaction when the database asks for it (a deadlock, a lock wait timeout).

InnoDB resolves a deadlock by rolling back one of the transactions involved and asks its client to
run it again; two senders posting overlapping batches at the same moment can meet that way. A
well-formed request must not fail because another ran at the same time, so the endpoints that write
in bulk run their work through :func:`run`, which rolls back and runs it again, a few times, after a
short random pause.
"""

import random
import time
from collections.abc import Callable

import frappe

ATTEMPTS = 6


def run(work: Callable, attempts: int = ATTEMPTS):
	"""Run ``work()`` (the whole transaction's writes) until it passes without a deadlock."""
	for attempt in range(attempts):
		try:
			return work()
		except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
			if attempt == attempts - 1:
				raise
			frappe.db.rollback()
			time.sleep(random.uniform(0.02, 0.1) * (2**attempt))
