# Helpers for .ci/run and the benchmark scripts: start the services a bench needs and install
# this clone into a site. Sourced, not executed. Uses an existing bench; never builds one.

frappe_cmd() { # frappe_cmd <bench> <site> <command...>: `bench --site <site> <command>` without the bench CLI
	local bench=$1 site=$2
	shift 2
	(cd "$bench/sites" && "$bench/env/bin/python" -m frappe.utils.bench_helper frappe --site "$site" "$@")
}

redis_port() { awk '$1 == "port" {print $2}' "$1"; }

start_services() { # start_services <bench>: MariaDB and the bench's Redis servers, if not running
	local bench=$1 i conf port
	if ! mariadb-admin ping >/dev/null 2>&1 && ! mysqladmin ping >/dev/null 2>&1; then
		echo "starting MariaDB"
		if command -v service >/dev/null && [ -x /etc/init.d/mariadb ]; then
			service mariadb start >/dev/null 2>&1 || true
		fi
		if ! mariadb-admin ping >/dev/null 2>&1; then
			(mysqld_safe >/dev/null 2>&1 &)
		fi
		for i in $(seq 1 60); do mariadb-admin ping >/dev/null 2>&1 && break; sleep 1; done
		mariadb-admin ping >/dev/null 2>&1 || { echo "MariaDB did not start" >&2; return 1; }
	fi
	for conf in "$bench"/config/redis_cache.conf "$bench"/config/redis_queue.conf; do
		[ -f "$conf" ] || continue
		port=$(redis_port "$conf")
		if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
			echo "starting Redis from $conf"
			(cd "$bench/config" && redis-server "$conf" --daemonize yes >/dev/null)
			for i in $(seq 1 30); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.5; done
			redis-cli -p "$port" ping >/dev/null 2>&1 || { echo "Redis on port $port did not start" >&2; return 1; }
		fi
	done
}

install_clone() { # install_clone <repo> <bench> <site>: this clone becomes the site's hr_credit_app
	local repo=$1 bench=$2 site=$3 link="$2/apps/hr_credit_app"
	if [ -L "$link" ] || [ ! -e "$link" ]; then
		ln -sfn "$repo" "$link"
	elif [ "$(cd "$link" && pwd -P)" != "$(cd "$repo" && pwd -P)" ]; then
		echo "note: $link is a separate checkout; Python will import the clone under test ($repo)"
	fi
	"$bench/env/bin/python" -m pip install -q --no-build-isolation -e "$repo[test]" 2>/dev/null || return 1
	grep -qx hr_credit_app "$bench/sites/apps.txt" || printf '\nhr_credit_app\n' >>"$bench/sites/apps.txt"
	sed -i '/^$/d' "$bench/sites/apps.txt"
	if [ -d "$bench/sites/assets" ] && [ -d "$repo/hr_credit_app/public" ]; then
		ln -sfn "$repo/hr_credit_app/public" "$bench/sites/assets/hr_credit_app"
	fi
	if frappe_cmd "$bench" "$site" list-apps 2>/dev/null | grep -q '^hr_credit_app'; then
		echo "migrating $site"
		set -- migrate
	else
		echo "installing hr_credit_app on $site"
		set -- install-app hr_credit_app
	fi
	local log
	log=$(mktemp)
	if ! frappe_cmd "$bench" "$site" "$@" >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		return 1
	fi
	rm -f "$log"
}
