#!/usr/bin/env bash
# Make the pgvector extension available to the local PostgreSQL (SEARCH_BACKEND=postgres needs it).
#
# Debian 12 ships no pgvector package, so when the extension is missing this builds it from Debian's
# own source package of a newer suite (a deb-src line only: no binary package from that suite is
# installed), without -march=native so the build runs on any x86-64 machine. Then it creates the
# extension in template1, so every database made afterwards (the test databases too) has it, and in
# the databases that already exist. Runs as root (apt) and reaches PostgreSQL as its superuser.
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGVECTOR_SUITE (trixie).
set -euo pipefail

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
SUITE="${PGVECTOR_SUITE:-trixie}"
SOURCES=/etc/apt/sources.list.d/wispaper-pgvector-src.sources

control="$(pg_config --sharedir)/extension/vector.control"
if [ ! -f "$control" ]; then
  major="$(pg_config --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')"
  echo "pgvector: not installed for PostgreSQL $major; building it from Debian $SUITE's source package"
  if [ ! -f "$SOURCES" ]; then
    cat >"$SOURCES" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  fi
  apt-get update -qq
  apt-cache showsrc pgvector >/dev/null 2>&1 || { echo "pgvector: no source package in $SUITE" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "postgresql-server-dev-$major" build-essential dpkg-dev >/dev/null
  work="$(mktemp -d)"
  chmod 755 "$work"  # apt-get source downloads as the _apt user
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get source -qq pgvector >/dev/null)
  src="$(find "$work" -maxdepth 1 -mindepth 1 -type d -name 'pgvector-*' | head -n 1)"
  make -s -C "$src" OPTFLAGS="" PG_CONFIG="$(command -v pg_config)" >/dev/null
  make -s -C "$src" OPTFLAGS="" PG_CONFIG="$(command -v pg_config)" install >/dev/null
  echo "pgvector: installed $(sed -nE "s/^default_version = '(.*)'/\1/p" "$control")"
fi

for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
psql -v ON_ERROR_STOP=1 -qtA -d template1 -c "CREATE EXTENSION IF NOT EXISTS vector"
# Databases created before this script ran did not inherit the extension from template1.
for db in $(psql -qtA -d postgres -c "SELECT datname FROM pg_database WHERE datallowconn AND datname NOT IN ('template0', 'template1')"); do
  psql -v ON_ERROR_STOP=1 -qtA -d "$db" -c "CREATE EXTENSION IF NOT EXISTS vector"
done
echo "pgvector: extension ready in template1 and every database"
