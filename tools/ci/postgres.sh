#!/usr/bin/env bash
# PostgreSQL for the tests (the PostgreSQL event store, the auditor on PostgreSQL, the bench):
# installed from Debian's packages when missing, its cluster started when stopped, and the
# database the tests use (`test`, reached as postgres@127.0.0.1 without a password) made sure of.
# A cluster this script installs gets trust authentication on the loopback only.
set -euo pipefail

installed_here=0
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
  installed_here=1
fi

version="$(ls /etc/postgresql | sort -V | tail -n 1)"
if [ "$installed_here" = 1 ]; then
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  # Trust on the loopback for the tests' role, before any other rule matches.
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
fi

if ! pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }' | grep -q online; then
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
if [ "$installed_here" = 1 ]; then pg_ctlcluster --skip-systemctl-redirect "$version" main reload; fi

# The server may still be starting: pg_isready waits up to 30 s for it to accept connections.
pg_isready -q -h 127.0.0.1 -p 5432 -t 30

if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc 'CREATE DATABASE test'
fi
echo "PostgreSQL $version ready on 127.0.0.1:5432 (database test)"
