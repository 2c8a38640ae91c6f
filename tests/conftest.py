"""Two layers: tests/engine (pure, any Python) and tests/site (a real Frappe site).

The site layer needs the bench's Python (frappe importable) and a site with erpnext, hrms and this
app; it is collected only there. HR_CREDIT_BENCH (default /opt/frappe-bench) names the bench,
HR_CREDIT_SITE (default hrcredit.localhost) the site.
"""

import importlib.util

collect_ignore_glob = []
if importlib.util.find_spec("frappe") is None:
	collect_ignore_glob.append("site/*")
