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
			(setsid nohup mysqld_safe >/dev/null 2>&1 </dev/null &)
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
	# Without build isolation where the bench's env has setuptools (v15: fast, offline); otherwise
	# (v16's env has none) pip builds in an isolated env. pip's own error is shown when both fail.
	local piplog
	piplog=$(mktemp)
	if ! "$bench/env/bin/python" -m pip install -q --no-build-isolation -e "$repo[test]" >"$piplog" 2>&1 &&
		! "$bench/env/bin/python" -m pip install -q -e "$repo[test]" >"$piplog" 2>&1; then
		tail -n 30 "$piplog" >&2
		rm -f "$piplog"
		return 1
	fi
	rm -f "$piplog"
	grep -qx hr_credit_app "$bench/sites/apps.txt" || printf '\nhr_credit_app\n' >>"$bench/sites/apps.txt"
	sed -i '/^$/d' "$bench/sites/apps.txt"
	if [ -d "$bench/sites/assets" ] && [ -d "$repo/hr_credit_app/public" ]; then
		ln -sfn "$repo/hr_credit_app/public" "$bench/sites/assets/hr_credit_app"
	fi
	# Frappe keeps the map of every app's modules in Redis: one made before this app was in
	# apps.txt has none of its modules, and installing would then sync none of its doctypes
	frappe_cmd "$bench" "$site" clear-cache >/dev/null 2>&1 || true
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

# ---- a Frappe 16 bench in a Debian chroot (BENCH-v16.md builds one; nothing here builds it) -------

v16_run() { # v16_run <root> <command>: run a bash command inside the chroot with a clean environment
	local root=$1
	shift
	chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash TERM=xterm \
		LANG=C.UTF-8 LC_ALL=C.UTF-8 PATH=/opt/bench-cli/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
		PIP_CERT=/etc/ssl/certs/ca-certificates.crt PIP_DISABLE_PIP_VERSION_CHECK=1 CI="${CI:-}" \
		/bin/bash -c "$*"
}

start_v16() { # start_v16 <root> <bench>: the chroot's mounts, then its MariaDB and Redis (if not running)
	local root=$1 bench=$2
	mountpoint -q "$root/proc" || mount -t proc proc "$root/proc" || return 1
	mountpoint -q "$root/sys" || mount -t sysfs sysfs "$root/sys" || return 1
	mountpoint -q "$root/dev" || mount --bind /dev "$root/dev" || return 1
	mountpoint -q "$root/dev/pts" || mount --bind /dev/pts "$root/dev/pts" || return 1
	if mountpoint -q /dev/shm && ! mountpoint -q "$root/dev/shm"; then mount --bind /dev/shm "$root/dev/shm"; fi
	mountpoint -q "$root/run" || mount -t tmpfs -o mode=755 tmpfs "$root/run" || return 1
	mkdir -p "$root/run/mysqld" "$root/run/redis" "$root/run/lock"
	v16_run "$root" "chown mysql:mysql /run/mysqld 2>/dev/null; chown redis:redis /run/redis 2>/dev/null; \
		source /opt/clones/ci-services.sh && start_services $bench"
}

copy_clone_into_v16() { # copy_clone_into_v16 <repo> <root>: the chroot sees only its own files
	local repo=$1 root=$2 target="$2/opt/clones/hr_credit_app"
	mkdir -p "$root/opt/clones"
	rm -rf "$target"
	cp -a "$repo" "$target" || return 1
	cp "$repo/.ci/services.sh" "$root/opt/clones/ci-services.sh"
}
