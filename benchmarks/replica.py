"""Proof: the app's reports and cards run on a MariaDB read replica when the site names one.

    cd $HR_CREDIT_BENCH/sites && ../env/bin/python /path/to/hr_credit_app/benchmarks/replica.py \
        [--restart-primary] [--port 3308]

What it does, with the servers' own general logs as the witness:

1. The bench's MariaDB must write a binary log with GTIDs. If it does not, ``--restart-primary``
   restarts it with ``--log-bin --server-id=1`` (and restarts it as it was at the end, its binary
   logs removed); without the flag the script stops and says so.
2. A second MariaDB starts on localhost (``--port``, a fresh data directory in /tmp), loads a
   consistent dump of the site's database (``mariadb-dump --single-transaction --gtid``) and
   replicates from the bench's server (``CHANGE MASTER TO ... MASTER_USE_GTID=slave_pos``). The
   site's database user exists there with SELECT only: a write sent to it would fail loudly.
3. The site is pointed at it (``read_from_replica``, ``replica_host``, ``replica_db_port`` in its
   site_config.json) and served by gunicorn; every report (through Frappe's report runner) and
   every card, chart and page endpoint of the app is requested over HTTP as Administrator.
4. For each request it prints how many statements that read the app's data (tables of credits,
   employees, plans, appraisals, ...) ran on the replica and on the primary, from both servers'
   ``mysql.general_log``; the primary sees only the request's session and permission lookups.
5. Everything is undone: gunicorn and the replica stopped, its data directory removed, the site
   config and the primary as they were, the replication user dropped.

Needs root on the bench's machine (it starts database servers) and the MariaDB root password
(``MARIADB_ROOT_PASSWORD``, default ``root`` as in the bench recipe).
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import frappe

from benchmarks import common

ROOT_PASSWORD = os.environ.get("MARIADB_ROOT_PASSWORD", "root")
DATA_TABLES = re.compile(
	r"`?tab(Credit |Training Plan|Employee|Appraisal|Department|Designation|Employee Skill|Skill|Course)",
	re.IGNORECASE,
)
REPORTS = [
	("Employee Credit Progress", {}),
	("Department Credit Distribution", {}),
	("Plan Tracking", {}),
	("Training Needs Analysis", {"view": "Company"}),
	("Training Effectiveness", {"course": None}),
	("Course Recommendations", {"limit": 3}),
	("Annual Learning Ranking", {}),
]
ENDPOINTS = [
	"hr_credit_app.dashboard.plan_participation",
	"hr_credit_app.dashboard.plan_completion",
	"hr_credit_app.dashboard.employees_at_a_level",
	"hr_credit_app.dashboard.evidence_with_errors",
	"hr_credit_app.dashboard.employees_per_level",
	"hr_credit_app.dashboard.credits_by_category",
	"hr_credit_app.dashboard.completion_by_department",
	"hr_credit_app.reporting.report_defaults",
]


def sql(args: list[str], statement: str, capture=False) -> str:
	result = subprocess.run(
		["mariadb", *args, "-N", "-B", "-e", statement], check=True, capture_output=True, text=True
	)
	return result.stdout


def primary(statement: str) -> str:
	return sql(["-uroot", f"-p{ROOT_PASSWORD}"], statement)


def wait_for(check, what: str, seconds=90):
	for _i in range(seconds * 4):
		try:
			if check():
				return
		except (subprocess.CalledProcessError, requests.RequestException, OSError):
			pass
		time.sleep(0.25)
	raise RuntimeError(f"{what} did not come up")


def free_port() -> int:
	with socket.socket() as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


class Replica:
	def __init__(self, port: int):
		self.port = port
		self.dir = Path(tempfile.mkdtemp(prefix="hrc-replica-"))
		self.socket = str(self.dir / "mysqld.sock")
		self.process = None

	def query(self, statement: str) -> str:
		return sql(["-uroot", f"--socket={self.socket}"], statement)

	def start(self):
		subprocess.run(
			["mariadb-install-db", "--user=root", f"--datadir={self.dir / 'data'}",
			 "--auth-root-authentication-method=socket", "--skip-test-db"],
			check=True, capture_output=True,
		)  # fmt: skip
		self.process = subprocess.Popen(
			["mariadbd", "--no-defaults", "--user=root", f"--datadir={self.dir / 'data'}",
			 f"--socket={self.socket}", f"--port={self.port}", "--bind-address=127.0.0.1",
			 f"--pid-file={self.dir / 'mysqld.pid'}", f"--log-error={self.dir / 'error.log'}",
			 "--server-id=2", "--read-only=1", "--skip-log-bin", "--innodb-buffer-pool-size=512M",
			 "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci"],
			stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
		)  # fmt: skip
		wait_for(lambda: self.query("select 1").strip() == "1", "the replica")

	def stop(self):
		if self.process:
			try:
				self.query("stop slave; shutdown")
			except subprocess.CalledProcessError:
				self.process.terminate()
			self.process.wait(timeout=120)
		shutil.rmtree(self.dir, ignore_errors=True)


def restart_primary(with_binlog: bool):
	subprocess.run(["mariadb-admin", "-uroot", f"-p{ROOT_PASSWORD}", "shutdown"], check=True)
	time.sleep(1)
	args = ["mysqld_safe"]
	if with_binlog:
		args += ["--log-bin=hrc-replica-proof", "--server-id=1", "--binlog-format=ROW"]
	subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
	wait_for(lambda: primary("select 1").strip() == "1", "the primary")


def log_rows(query, since: str) -> list[tuple[str, str]]:
	out = query(
		"select thread_id, replace(replace(argument, '\\n', ' '), '\\t', ' ') from mysql.general_log "
		f"where command_type = 'Query' and event_time >= '{since}'"
	)
	return [tuple(line.split("\t", 1)) for line in out.splitlines() if "\t" in line]


def count(rows) -> tuple[int, int]:
	"""(statements reading the app's data, all statements) of a request, this script's own left out."""
	rows = [row for row in rows if "general_log" not in row[1] and "now(6)" not in row[1]]
	return sum(1 for _thread, statement in rows if DATA_TABLES.search(statement)), len(rows)


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--restart-primary", action="store_true")
	parser.add_argument("--port", type=int, default=3308)
	args = parser.parse_args()
	common.connect()
	site, conf = frappe.local.site, frappe.local.conf
	db_name, db_password = conf.db_name, conf.db_password
	sites = Path(frappe.local.sites_path).resolve()
	company = "_Test Company"
	course = frappe.db.get_value("Credit Course", {}, "name")
	employee = frappe.db.get_value("Credit Balance", {}, "employee") or frappe.db.get_value(
		"Employee", {"status": "Active"}, "name"
	)
	frappe.db.commit()
	frappe.destroy()

	binlog_was_on = primary("select @@log_bin").strip() == "1"
	if not binlog_was_on and not args.restart_primary:
		sys.exit(
			"The bench's MariaDB writes no binary log, so nothing can replicate from it. Run again with "
			"--restart-primary (it restarts MariaDB with --log-bin and restarts it as it was afterwards)."
		)
	replica, server, restarted = Replica(args.port), None, False
	repl_password = frappe.generate_hash(length=16)
	site_config = sites / site / "site_config.json"
	original_config = site_config.read_text()
	try:
		if not binlog_was_on:
			restart_primary(with_binlog=True)
			restarted = True
		for host in ("127.0.0.1", "localhost"):
			primary(
				f"create or replace user 'hrc_repl'@'{host}' identified by '{repl_password}'; "
				f"grant replication slave on *.* to 'hrc_repl'@'{host}'"
			)
		replica.start()
		started = time.perf_counter()
		dump = subprocess.Popen(
			["mariadb-dump", "-uroot", f"-p{ROOT_PASSWORD}", "-h127.0.0.1", "-P3306", "--single-transaction",
			 "--gtid", "--master-data=1", "--databases", db_name],
			stdout=subprocess.PIPE,
		)  # fmt: skip
		subprocess.run(["mariadb", "-uroot", f"--socket={replica.socket}"], stdin=dump.stdout, check=True)
		dump.wait()
		replica.query(
			f"change master to master_host='127.0.0.1', master_port=3306, master_user='hrc_repl', "
			f"master_password='{repl_password}', master_use_gtid=slave_pos; start slave"
		)
		for host in ("127.0.0.1", "localhost"):  # the site's user, allowed to read and nothing else
			replica.query(
				f"create user '{db_name}'@'{host}' identified by '{db_password}'; "
				f"grant select on `{db_name}`.* to '{db_name}'@'{host}'"
			)
		position = primary("select @@gtid_binlog_pos").strip()
		assert replica.query(f"select master_gtid_wait('{position}', 120)").strip() == "0", "replica lags"
		wait_for(
			lambda: replica.query("select variable_value from information_schema.global_status "
								  "where variable_name = 'Slave_running'").strip() == "ON",
			"replication",
		)  # fmt: skip
		print(f"replica on port {args.port}: loaded and replicating in {time.perf_counter() - started:.0f} s")

		config = json.loads(original_config)
		config.update(read_from_replica=1, replica_host="127.0.0.1", replica_db_port=args.port)
		site_config.write_text(json.dumps(config, indent=1))

		# an API key for Administrator, written on the primary and replicated
		frappe.init(site=site, sites_path=str(sites))
		frappe.connect()
		key, secret = frappe.generate_hash(length=15), frappe.generate_hash(length=15)
		user = frappe.get_doc("User", "Administrator")
		old_key = user.api_key
		user.api_key, user.api_secret = key, secret
		user.save(ignore_permissions=True)
		frappe.db.commit()
		frappe.destroy()
		headers = {"Authorization": f"token {key}:{secret}", "X-Frappe-Site-Name": site}

		port = free_port()
		server = subprocess.Popen(
			[str(sites.parent / "env/bin/gunicorn"), "-b", f"127.0.0.1:{port}", "-w", "1", "-t", "300",
			 "frappe.app:application"],
			cwd=sites, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
		)  # fmt: skip
		url = f"http://127.0.0.1:{port}"
		wait_for(lambda: requests.get(url + "/api/method/ping", headers=headers, timeout=10).ok, "gunicorn")
		position = primary("select @@gtid_binlog_pos").strip()
		replica.query(f"select master_gtid_wait('{position}', 60)")

		for query in (primary, replica.query):
			query("set global log_output = 'TABLE'; truncate mysql.general_log; set global general_log = 1")
		calls = []
		year = time.localtime().tm_year - 1
		for report, extra in REPORTS:
			filters = {"company": company, **extra}
			if "course" in extra:
				filters["course"] = course
			if report == "Annual Learning Ranking":
				filters["year"] = year
			calls.append((report, "frappe.desk.query_report.run",
						  {"report_name": report, "filters": json.dumps(filters)}))  # fmt: skip
		for method in ENDPOINTS:
			arg = (
				{"company": company}
				if method.endswith("report_defaults")
				else {"filters": json.dumps({"company": company})}
			)
			calls.append((method.rsplit(".", 1)[1], method, arg))
		calls.append(("get_credit_summary", "hr_credit_app.api.get_credit_summary", {"employee": employee}))
		calls.append(("get_my_credits", "hr_credit_app.employee_page.get_my_credits", {"employee": employee}))

		print(f"{'request':42} {'HTTP':>4} {'replica: data / all':>20} {'primary: data / all':>20}")
		failures = 0
		for label, method, data in calls:
			since = primary("select now(6)").strip()
			time.sleep(0.01)
			response = requests.post(f"{url}/api/method/{method}", headers=headers, data=data, timeout=300)
			time.sleep(0.3)  # the general log is written as statements end
			on_replica = count(log_rows(replica.query, since))
			on_primary = count(log_rows(primary, since))
			failures += on_primary[0] > 0 or not on_replica[0] or not response.ok
			if not response.ok:
				print(response.text[:500])
			print(
				f"{label:42} {response.status_code:>4} {on_replica[0]:>11} / {on_replica[1]:<6} "
				f"{on_primary[0]:>11} / {on_primary[1]:<6}"
			)
		print(
			"every read of the app's data ran on the replica, none on the primary"
			if not failures
			else f"{failures} requests read data on the primary or failed"
		)
		return failures
	finally:
		for query in (primary, replica.query):
			try:
				query("set global general_log = 0; truncate mysql.general_log")
			except subprocess.CalledProcessError:
				pass
		if server:
			server.terminate()
			server.wait(timeout=30)
		site_config.write_text(original_config)
		replica.stop()
		try:
			primary("drop user if exists 'hrc_repl'@'127.0.0.1', 'hrc_repl'@'localhost'")
			frappe.init(site=site, sites_path=str(sites))
			frappe.connect()
			if "old_key" in locals():
				frappe.db.set_value("User", "Administrator", "api_key", old_key)
				frappe.db.commit()
			frappe.destroy()
		finally:
			if restarted:
				primary("reset master")
				restart_primary(with_binlog=False)


if __name__ == "__main__":
	sys.exit(main())
