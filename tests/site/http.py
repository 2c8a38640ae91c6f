"""HTTP requests against the site, served by Frappe's own WSGI application.

Each request runs in a thread of its own, with its own database connection, exactly as a web worker
serves it; so whatever it reads must be committed first, and what it writes is committed by Frappe at
the end of the request (tests that use it clean up after themselves).
"""

import threading
from unittest.mock import patch

import frappe
from frappe.utils import get_test_client

from .conftest import SITE


def request(method: str, path: str, **kwargs):
	"""One HTTP request served by Frappe's WSGI app in its own thread and connection."""
	result = {}

	def run():
		with patch("frappe.app.get_site_name", return_value=SITE):
			client = get_test_client(use_cookies=False)
			result["response"] = getattr(client, method)(path, **kwargs)

	thread = threading.Thread(target=run)
	thread.start()
	thread.join()
	return result["response"]


def token(user: str) -> dict:
	"""An Authorization header for ``user`` (API key and secret made now and committed)."""
	doc = frappe.get_doc("User", user)
	key, secret = frappe.generate_hash(length=15), frappe.generate_hash(length=15)
	doc.api_key, doc.api_secret = key, secret
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	return {"Authorization": f"token {key}:{secret}"}
