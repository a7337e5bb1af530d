#!/bin/bash
# Real OpenStack API services (Debian bookworm packages, OpenStack Zed) on 127.0.0.1, with sqlite
# databases and no message queue: the integration target of `npm run test:openstack`.
#
# Usage (as root):  test/openstack/setup.sh [phase ...]
#   phases, in order: install configure dbinit keystone bootstrap start      (default: all of them)
#   every phase is idempotent: re-running on a healthy setup only checks it (a few seconds).
# Environment:
#   OSCI_BASE      state folder (configs, sqlite DBs, logs, pid files)   default /var/lib/scs-os-ci
#   OSCI_SERVICES  service set  default "keystone nova glance swift placement cinder neutron barbican octavia"
#   OSCI_SKIP_APT_UPDATE=1   skip `apt-get update`
# Seeding the test clouds (domains, flavors, images, ...) is a separate step: test/openstack/seed.ts.
# Stop with test/openstack/stop.sh (kills exactly the process groups started here).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BASE="${OSCI_BASE:-/var/lib/scs-os-ci}"
SERVICES="${OSCI_SERVICES:-keystone nova glance swift placement cinder neutron barbican octavia}"
ADMIN_PW="${OSCI_ADMIN_PASSWORD:-admin-secret}"
SVC_PW="${OSCI_SERVICE_PASSWORD:-service-secret}"
PY=/usr/bin/python3            # the Debian python of the packages, never a pyenv one from PATH
KS=http://127.0.0.1:5000
ETC="$BASE/etc"; DATA="$BASE/data"; LOG="$BASE/log"; RUN="$BASE/run"
TIMINGS="$LOG/timings.txt"

export DEBIAN_FRONTEND=noninteractive
export PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
umask 077

enabled() { [[ " $SERVICES " == *" $1 "* ]]; }
now() { date +%s.%N; }
timing() { # timing <label> <start>
  local t; t=$(awk -v a="$2" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')
  echo "[timing] $1: ${t}s" | tee -a "$TIMINGS"
}

# ------------------------------------------------------------------------------------------ install
PKGS_COMMON="uwsgi-core uwsgi-plugin-python3 sqlite3 curl procps"
PKGS_keystone="keystone"
PKGS_nova="nova-api"
PKGS_glance="glance-api"
PKGS_swift="swift swift-proxy swift-account swift-container swift-object"
PKGS_placement="placement-api"
PKGS_cinder="cinder-api"
PKGS_neutron="neutron-server"
PKGS_barbican="barbican-api"
PKGS_octavia="octavia-api"

phase_install() {
  local t0 pkgs="$PKGS_COMMON" s v missing=""
  t0=$(now)
  for s in $SERVICES; do v="PKGS_$s"; pkgs="$pkgs ${!v}"; done
  for s in $pkgs; do
    dpkg-query -W -f='${Status}' "$s" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $s"
  done
  if [ -z "$missing" ]; then timing "install (all packages present)" "$t0"; return 0; fi
  if [ "$(id -u)" != 0 ]; then echo "setup.sh: installing$missing needs root (apt-get); run it as root"; exit 1; fi
  # Maintainer scripts must not start daemons: a policy-rc.d that refuses, only while we install.
  local own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; own_policy=1
  fi
  # The Debian OpenStack debconf questions default to "no" (no DB, no keystone registration, no
  # rabbit); answer them explicitly so that an earlier debconf database cannot change that.
  debconf-set-selections <<'EOF'
keystone keystone/configure_db boolean false
keystone keystone/create-admin-tenant boolean false
keystone keystone/register-endpoint boolean false
nova-common nova/configure_db boolean false
nova-common nova/configure_ksat boolean false
nova-common nova/configure_rabbit boolean false
nova-common nova/configure_placement boolean false
nova-common nova/configure_neutron boolean false
glance-common glance/configure_db boolean false
glance-common glance/configure_ksat boolean false
glance-common glance/configure_rabbit boolean false
EOF
  [ -n "${OSCI_SKIP_APT_UPDATE:-}" ] || apt-get update -q
  local rc=0
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold $pkgs || rc=$?
  if [ "$own_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  [ "$rc" = 0 ] || { echo "apt-get install failed ($rc)"; exit 1; }
  timing "install ($SERVICES)" "$t0"
}

# ---------------------------------------------------------------------------------------- configure
keystone_authtoken() { # keystone_authtoken <service user>
  cat <<EOF
[keystone_authtoken]
www_authenticate_uri = $KS/v3
auth_url = $KS/v3
auth_type = password
username = $1
password = $SVC_PW
project_name = service
user_domain_name = Default
project_domain_name = Default
region_name = RegionOne
service_token_roles_required = true
EOF
}

configure_keystone() {
  mkdir -p "$ETC/keystone/fernet-keys" "$ETC/keystone/credential-keys" "$ETC/keystone/policy.d"
  cat > "$ETC/keystone/keystone.conf" <<EOF
[DEFAULT]
log_file = $LOG/keystone.log
use_stderr = false
[database]
# check_same_thread=false: uwsgi threads may close a pooled sqlite handle opened by another thread
connection = sqlite:///$DATA/keystone.sqlite?check_same_thread=false
[token]
provider = fernet
expiration = 14400
[fernet_tokens]
key_repository = $ETC/keystone/fernet-keys
[fernet_receipts]
key_repository = $ETC/keystone/fernet-keys
[credential]
key_repository = $ETC/keystone/credential-keys
[identity]
# bcrypt cost 4 instead of 12: user creation and password logins stay cheap
password_hash_rounds = 4
[cache]
# Without a cache a token validation costs hundreds of sqlite queries (~0.4 s). The in-process cache
# is coherent only within one process, hence keystone runs as one uwsgi process with threads.
# memory_pickle and not memory: keystone mutates cached credential dicts, which breaks EC2/S3 auth.
enabled = true
backend = dogpile.cache.memory_pickle
[oslo_policy]
policy_file = $ETC/keystone/policy.yaml
policy_dirs = $ETC/keystone/policy.d
EOF
  # The SCS domain-manager persona (scs-0302); keystone re-reads the file when its mtime changes.
  cp "$HERE/keystone-policy.yaml" "$ETC/keystone/policy.yaml"
}

configure_nova() {
  mkdir -p "$ETC/nova/policy.d" "$DATA/nova"
  cp /etc/nova/api-paste.ini "$ETC/nova/api-paste.ini"
  cat > "$ETC/nova/nova.conf" <<EOF
[DEFAULT]
host = osci
state_path = $DATA/nova
log_file = $LOG/nova-api.log
use_stderr = false
enabled_apis = osapi_compute
my_ip = 127.0.0.1
# in-memory oslo.messaging driver: the flavor and version APIs never need RPC
transport_url = fake://
[api]
auth_strategy = keystone
[api_database]
connection = sqlite:///$DATA/nova_api.sqlite?check_same_thread=false
[database]
connection = sqlite:///$DATA/nova.sqlite?check_same_thread=false
[wsgi]
api_paste_config = $ETC/nova/api-paste.ini
[oslo_concurrency]
lock_path = $DATA/nova/lock
[oslo_messaging_notifications]
driver = noop
[oslo_policy]
policy_file = $ETC/nova/policy.yaml
policy_dirs = $ETC/nova/policy.d
[placement]
auth_type = password
auth_url = $KS/v3
username = nova
password = $SVC_PW
project_name = service
user_domain_name = Default
project_domain_name = Default
region_name = RegionOne
[glance]
api_servers = http://127.0.0.1:9292
$(keystone_authtoken nova)
EOF
  touch "$ETC/nova/policy.yaml"
}

configure_glance() {
  mkdir -p "$ETC/glance/policy.d" "$DATA/glance/images" "$DATA/glance/staging" "$DATA/glance/tasks"
  cp /etc/glance/glance-api-paste.ini "$ETC/glance/glance-api-paste.ini"
  cat > "$ETC/glance/glance-api.conf" <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = 9292
# one process, no forked worker
workers = 0
log_file = $LOG/glance-api.log
use_stderr = false
enabled_backends = fs:file
show_image_direct_url = false
image_cache_dir = $DATA/glance/cache
[database]
connection = sqlite:///$DATA/glance.sqlite
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $DATA/glance/images
[os_glance_staging_store]
filesystem_store_datadir = $DATA/glance/staging
[os_glance_tasks_store]
filesystem_store_datadir = $DATA/glance/tasks
[paste_deploy]
flavor = keystone
config_file = $ETC/glance/glance-api-paste.ini
[oslo_concurrency]
lock_path = $DATA/glance/lock
[oslo_messaging_notifications]
driver = noop
[oslo_policy]
policy_file = $ETC/glance/policy.yaml
policy_dirs = $ETC/glance/policy.d
$(keystone_authtoken glance)
EOF
  touch "$ETC/glance/policy.yaml"
}

configure_swift() {
  local S="$ETC/swift"
  mkdir -p "$S" "$DATA/swift/node/d1" "$DATA/swift/cache"
  # swift always reads /etc/swift/swift.conf (hash prefix/suffix): the package's file is used as is.
  local server_defaults="[DEFAULT]
bind_ip = 127.0.0.1
workers = 0
mount_check = false
devices = $DATA/swift/node
swift_dir = $S
user = root
recon_cache_path = $DATA/swift/cache
disable_fallocate = true
log_name = swift"
  local kind port
  for kind in account container object; do
    case $kind in account) port=6202 ;; container) port=6201 ;; object) port=6200 ;; esac
    cat > "$S/$kind-server.conf" <<EOF
$server_defaults
bind_port = $port
[pipeline:main]
pipeline = $kind-server
[app:$kind-server]
use = egg:swift#$kind
[$kind-replicator]
[$kind-auditor]
EOF
  done
  cat > "$S/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = 8080
workers = 0
swift_dir = $S
user = root
log_name = swift-proxy
[pipeline:main]
# s3api, then authtoken BEFORE s3token (authtoken strips the identity headers s3token sets)
pipeline = catch_errors gatekeeper healthcheck proxy-logging listing_formats bulk s3api authtoken s3token keystoneauth copy slo dlo versioned_writes symlink proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:bulk]
use = egg:swift#bulk
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
[filter:versioned_writes]
use = egg:swift#versioned_writes
[filter:symlink]
use = egg:swift#symlink
[filter:s3api]
use = egg:swift#s3api
# the SigV4 region clients sign with
location = us-east-1
[filter:s3token]
use = egg:swift#s3token
reseller_prefix = AUTH_
delay_auth_decision = False
auth_uri = $KS/v3
http_timeout = 10.0
# Debian's security-patched keystone only lets service/admin callers use POST /v3/s3tokens,
# so s3token authenticates itself as the swift service user.
auth_type = password
auth_url = $KS/v3
username = swift
password = $SVC_PW
project_name = service
user_domain_name = Default
project_domain_name = Default
# caching secrets needs memcached (the 'cache' filter), which we do not run
secret_cache_duration = 0
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = $KS/v3
auth_url = $KS/v3
auth_type = password
username = swift
password = $SVC_PW
project_name = service
user_domain_name = Default
project_domain_name = Default
delay_auth_decision = True
[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member, manager
reseller_admin_role = ResellerAdmin
EOF
  # Rings: one device, one replica, 2^6 partitions, built in one python run.
  if [ ! -f "$S/object.ring.gz" ]; then
    $PY - "$S" <<'PYRING'
import sys
from swift.common.ring import RingBuilder
folder = sys.argv[1]
for kind, port in (("account", 6202), ("container", 6201), ("object", 6200)):
    builder = RingBuilder(6, 1, 1)
    builder.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": port,
                     "device": "d1", "weight": 100, "meta": ""})
    builder.rebalance()
    builder.save(f"{folder}/{kind}.builder")
    builder.get_ring().save(f"{folder}/{kind}.ring.gz")
PYRING
  fi
}

configure_placement() {
  mkdir -p "$ETC/placement"
  cat > "$ETC/placement/placement.conf" <<EOF
[DEFAULT]
log_file = $LOG/placement-api.log
use_stderr = false
[api]
auth_strategy = keystone
[placement_database]
connection = sqlite:///$DATA/placement.sqlite?check_same_thread=false
[oslo_policy]
policy_file = $ETC/placement/policy.yaml
$(keystone_authtoken placement)
EOF
}

configure_cinder() {
  mkdir -p "$ETC/cinder" "$DATA/cinder"
  cp /etc/cinder/api-paste.ini "$ETC/cinder/api-paste.ini"
  cat > "$ETC/cinder/cinder.conf" <<EOF
[DEFAULT]
osapi_volume_listen = 127.0.0.1
osapi_volume_listen_port = 8776
osapi_volume_workers = 1
auth_strategy = keystone
transport_url = fake://
state_path = $DATA/cinder
log_file = $LOG/cinder-api.log
use_stderr = false
api_paste_config = $ETC/cinder/api-paste.ini
my_ip = 127.0.0.1
[database]
connection = sqlite:///$DATA/cinder.sqlite
[oslo_concurrency]
lock_path = $DATA/cinder/lock
[oslo_messaging_notifications]
driver = noop
[oslo_policy]
policy_file = $ETC/cinder/policy.yaml
$(keystone_authtoken cinder)
EOF
}

configure_neutron() {
  mkdir -p "$ETC/neutron" "$DATA/neutron"
  cp /etc/neutron/api-paste.ini "$ETC/neutron/api-paste.ini"
  cat > "$ETC/neutron/neutron.conf" <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = 9696
core_plugin = ml2
service_plugins = router
auth_strategy = keystone
transport_url = fake://
api_workers = 1
rpc_workers = 0
rpc_state_report_workers = 0
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
state_path = $DATA/neutron
log_file = $LOG/neutron-server.log
use_stderr = false
api_paste_config = $ETC/neutron/api-paste.ini
[database]
connection = sqlite:///$DATA/neutron.sqlite
[oslo_concurrency]
lock_path = $DATA/neutron/lock
[oslo_messaging_notifications]
driver = noop
[oslo_policy]
policy_file = $ETC/neutron/policy.yaml
$(keystone_authtoken neutron)
EOF
  cat > "$ETC/neutron/ml2_conf.ini" <<EOF
[ml2]
# API and database only: no mechanism drivers, no agents; VLAN tenant networks so that networks,
# subnets and routers can be created (nothing is wired).
type_drivers = flat,vlan
tenant_network_types = vlan
mechanism_drivers =
extension_drivers = port_security
[ml2_type_vlan]
network_vlan_ranges = physnet1:1000:1999
[ml2_type_flat]
flat_networks = public
[securitygroup]
enable_security_group = true
EOF
}

configure_barbican() {
  # barbican-wsgi-api reads /etc/barbican/barbican-api-paste.ini (the package's keystone pipeline)
  # and barbican.conf from oslo's search path, whose first entry is ~/.barbican: HOME points there.
  mkdir -p "$ETC/barbican/home/.barbican"
  if [ ! -f "$ETC/barbican/kek" ]; then
    $PY -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())' > "$ETC/barbican/kek"
  fi
  cat > "$ETC/barbican/home/.barbican/barbican.conf" <<EOF
[DEFAULT]
host_href = http://127.0.0.1:9311
sql_connection = sqlite:///$DATA/barbican.sqlite?check_same_thread=false
db_auto_create = false
transport_url = fake://
log_file = $LOG/barbican-api.log
use_stderr = false
[secretstore]
enabled_secretstore_plugins = store_crypto
[crypto]
enabled_crypto_plugins = simple_crypto
[simple_crypto_plugin]
kek = $(cat "$ETC/barbican/kek")
[keystone_notifications]
enable = false
[oslo_messaging_notifications]
driver = noop
[oslo_policy]
# the Zed legacy rules want role 'creator' to store secrets; the new defaults let 'member' do it,
# which is what scs-0116 asks of a cloud
enforce_new_defaults = true
policy_file = $ETC/barbican/policy.yaml
$(keystone_authtoken barbican)
EOF
}

configure_octavia() {
  mkdir -p "$ETC/octavia" "$DATA/octavia"
  cat > "$ETC/octavia/octavia.conf" <<EOF
[DEFAULT]
transport_url = fake://
log_file = $LOG/octavia-api.log
use_stderr = false
[api_settings]
bind_host = 127.0.0.1
bind_port = 9876
auth_strategy = keystone
api_base_uri = http://127.0.0.1:9876
enabled_provider_drivers = noop_driver:The No-Op driver.
default_provider_driver = noop_driver
[controller_worker]
network_driver = network_noop_driver
compute_driver = compute_noop_driver
amphora_driver = amphora_noop_driver
[database]
connection = sqlite:///$DATA/octavia.sqlite
[oslo_messaging]
topic = octavia_prov
[oslo_messaging_notifications]
driver = noop
[oslo_policy]
policy_file = $ETC/octavia/policy.yaml
$(keystone_authtoken octavia)
EOF
}

phase_configure() {
  local t0 s; t0=$(now)
  mkdir -p "$ETC" "$DATA" "$LOG" "$RUN"
  for s in $SERVICES; do "configure_$s"; done
  timing "configure" "$t0"
}

# ------------------------------------------------------------------------------------------- dbinit
wal() { # readers never block the writer: avoids "database is locked" stalls
  local f; for f in "$@"; do [ -f "$f" ] && sqlite3 "$f" 'PRAGMA journal_mode=WAL;' >/dev/null; done; return 0
}
dbinit_nova() {
  local c="--config-file $ETC/nova/nova.conf"
  nova-manage $c api_db sync
  nova-manage $c cell_v2 map_cell0 --database_connection "sqlite:///$DATA/nova_cell0.sqlite"
  nova-manage $c db sync
  wal "$DATA/nova_api.sqlite" "$DATA/nova.sqlite" "$DATA/nova_cell0.sqlite"
}
dbinit_glance() {
  glance-manage --config-file "$ETC/glance/glance-api.conf" db_sync
  wal "$DATA/glance.sqlite"
}
dbinit_keystone() {
  local c="--config-file $ETC/keystone/keystone.conf"
  keystone-manage $c db_sync
  keystone-manage $c fernet_setup --keystone-user root --keystone-group root
  keystone-manage $c credential_setup --keystone-user root --keystone-group root
  keystone-manage $c bootstrap --bootstrap-password "$ADMIN_PW" --bootstrap-username admin \
    --bootstrap-project-name admin --bootstrap-role-name admin \
    --bootstrap-service-name keystone --bootstrap-region-id RegionOne \
    --bootstrap-public-url "$KS/v3" --bootstrap-internal-url "$KS/v3" --bootstrap-admin-url "$KS/v3"
  wal "$DATA/keystone.sqlite"
}
dbinit_other() { # placement cinder neutron barbican octavia
  case $1 in
    placement) placement-manage --config-file "$ETC/placement/placement.conf" db sync ;;
    cinder) cinder-manage --config-file "$ETC/cinder/cinder.conf" db sync ;;
    # neutron's and octavia's alembic migrations need ALTER of constraints, which sqlite lacks:
    # db_schema.py creates the tables from the models, then the head revision is stamped.
    neutron) $PY "$HERE/db_schema.py" neutron "sqlite:///$DATA/neutron.sqlite" &&
      neutron-db-manage --config-file "$ETC/neutron/neutron.conf" --config-file "$ETC/neutron/ml2_conf.ini" stamp heads ;;
    barbican) HOME="$ETC/barbican/home" barbican-manage db upgrade ;;
    octavia) $PY "$HERE/db_schema.py" octavia "sqlite:///$DATA/octavia.sqlite" &&
      octavia-db-manage --config-file "$ETC/octavia/octavia.conf" stamp head ;;
  esac
  wal "$DATA/$1.sqlite"
}
db_marker() { echo "$DATA/.dbinit-$1.done"; }
phase_dbinit() {
  local t0 s pids=() names=() i rc=0; t0=$(now)
  mkdir -p "$DATA" "$LOG"
  # a marker file per service: a half-finished init (no marker) is redone from scratch
  for s in $SERVICES; do
    [ -f "$(db_marker "$s")" ] && continue
    case $s in
      keystone) rm -f "$DATA/keystone.sqlite"* ;;
      nova) rm -f "$DATA"/nova*.sqlite* ;;
      swift) touch "$(db_marker swift)"; continue ;;
      *) rm -f "$DATA/$s.sqlite"* ;;
    esac
    case $s in
      keystone | nova | glance) fn="dbinit_$s" ;;
      *) fn="dbinit_other $s" ;;
    esac
    # two cores: run two schema builds at a time
    ( t1=$(now); $fn && touch "$(db_marker "$s")" && timing "dbinit $s" "$t1" ) > "$LOG/dbinit-$s.log" 2>&1 &
    pids+=($!); names+=("$s")
    if [ ${#pids[@]} -ge 2 ]; then
      wait "${pids[0]}" || { echo "dbinit ${names[0]} failed, see $LOG/dbinit-${names[0]}.log"; rc=1; }
      pids=("${pids[@]:1}"); names=("${names[@]:1}")
    fi
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { echo "dbinit ${names[$i]} failed, see $LOG/dbinit-${names[$i]}.log"; rc=1; }
  done
  grep -h '^\[timing\]' "$LOG"/dbinit-*.log 2>/dev/null || true
  [ $rc = 0 ] || { tail -n 20 "$LOG"/dbinit-*.log; exit 1; }
  timing "dbinit" "$t0"
}

# -------------------------------------------------------------------------------------------- start
is_running() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
launch() { # launch <name> <command...>: own session, so that its pid is the group id stop.sh kills
  local name=$1; shift
  if is_running "$name"; then echo "$name already running (pid $(cat "$RUN/$name.pid"))"; return 0; fi
  setsid "$@" >>"$LOG/$name.out" 2>&1 </dev/null &
  echo $! > "$RUN/$name.pid"
  echo "started $name (pid $!)"
}
launch_uwsgi() { # launch_uwsgi <name> <port> <threads> <wsgi script> [ENV=value ...]
  local name=$1 port=$2 threads=$3 script=$4; shift 4
  local envs=() e
  for e in "$@"; do envs+=(--env "$e"); done
  # Connection: close: uwsgi's http-socket closes after every response without saying so, which
  # breaks keep-alive clients.
  launch "$name" uwsgi --plugin python3 --http-socket "127.0.0.1:$port" --wsgi-file "$script" \
    --master --die-on-term --no-orphans --lazy-apps --processes 1 --threads "$threads" --enable-threads \
    --buffer-size 65535 --thunder-lock --add-header "Connection: close" --worker-reload-mercy 3 \
    --procname-prefix-spaced "osci-$name" "${envs[@]}"
}
wait_http() { # wait_http <name> <url> [seconds]
  local i
  for i in $(seq 1 $(( ${3:-90} * 2 ))); do
    if curl -s -o /dev/null -m 2 "$2"; then return 0; fi
    is_running "$1" || { echo "$1 died; the end of $LOG/$1.out:"; tail -n 30 "$LOG/$1.out"; return 1; }
    sleep 0.5
  done
  echo "timeout waiting for $1 at $2"; return 1
}

phase_keystone() {
  local t0; t0=$(now)
  mkdir -p "$RUN" "$LOG"
  launch_uwsgi keystone 5000 8 /usr/bin/keystone-wsgi-public "OS_KEYSTONE_CONFIG_FILES=$ETC/keystone/keystone.conf"
  wait_http keystone "$KS/v3" || exit 1
  timing "keystone up" "$t0"
}

phase_bootstrap() {
  # service users, roles and the catalog (idempotent), written in TypeScript like the seed
  local t0; t0=$(now)
  (cd "$REPO" && OSCI_BASE="$BASE" OSCI_SERVICES="$SERVICES" OSCI_ADMIN_PASSWORD="$ADMIN_PW" \
    OSCI_SERVICE_PASSWORD="$SVC_PW" npx tsx test/openstack/seed.ts bootstrap)
  timing "bootstrap" "$t0"
}

phase_start() {
  local t0 s failed=""; t0=$(now)
  enabled keystone && phase_keystone
  enabled nova && launch_uwsgi nova-api 8774 4 /usr/bin/nova-api-wsgi "OS_NOVA_CONFIG_DIR=$ETC/nova"
  enabled glance && launch glance-api glance-api --config-file "$ETC/glance/glance-api.conf"
  if enabled swift; then
    for s in account container object; do launch "swift-$s" "swift-$s-server" "$ETC/swift/$s-server.conf" --verbose; done
    launch swift-proxy swift-proxy-server "$ETC/swift/proxy-server.conf" --verbose
  fi
  enabled placement && launch_uwsgi placement-api 8778 4 /usr/bin/placement-api "OS_PLACEMENT_CONFIG_DIR=$ETC/placement"
  enabled cinder && launch cinder-api cinder-api --config-file "$ETC/cinder/cinder.conf"
  enabled neutron && launch neutron-server neutron-server --config-file "$ETC/neutron/neutron.conf" --config-file "$ETC/neutron/ml2_conf.ini"
  enabled barbican && launch_uwsgi barbican-api 9311 4 /usr/bin/barbican-wsgi-api "HOME=$ETC/barbican/home"
  enabled octavia && launch octavia-api octavia-api --config-file "$ETC/octavia/octavia.conf"
  check() { wait_http "$1" "$2" || failed="$failed $1"; }
  if enabled swift; then
    check swift-account http://127.0.0.1:6202/; check swift-container http://127.0.0.1:6201/
    check swift-object http://127.0.0.1:6200/; check swift-proxy http://127.0.0.1:8080/healthcheck
  fi
  enabled nova && check nova-api http://127.0.0.1:8774/
  enabled glance && check glance-api http://127.0.0.1:9292/
  enabled placement && check placement-api http://127.0.0.1:8778/
  enabled cinder && check cinder-api http://127.0.0.1:8776/
  enabled neutron && check neutron-server http://127.0.0.1:9696/
  enabled barbican && check barbican-api http://127.0.0.1:9311/
  enabled octavia && check octavia-api http://127.0.0.1:9876/
  timing "start" "$t0"
  if [ -n "$failed" ]; then echo "FAILED to start:$failed (logs in $LOG)"; exit 1; fi
}

main() {
  mkdir -p "$LOG" "$RUN"
  local phases=("$@") p t0
  [ ${#phases[@]} -gt 0 ] || phases=(install configure dbinit keystone bootstrap start)
  t0=$(now)
  for p in "${phases[@]}"; do
    declare -F "phase_$p" >/dev/null || { echo "unknown phase $p"; exit 2; }
    "phase_$p"
  done
  timing "setup.sh ${phases[*]}" "$t0"
}
main "$@"
