# WisPaper: `make run` serves the site with a worker; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The development profile: plain HTTP and the embedded SECRET_KEY. Production sets DEBUG=0 and the variables
# in README.md's Configuration table.
export DEBUG ?= 1

.PHONY: run test bench setup browser train-truecite train-roles train-reranker

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, so the CPU build is the one every later requirement finds.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py collectstatic --noinput -v 0

# Browser tests drive Debian's Chromium; without it they skip and say why.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) || \
	  echo "Chromium could not be installed: browser tests will be skipped."

test: setup browser
	$(PY) -m pytest

run: setup
	$(PY) manage.py load_demo
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

bench: setup
	$(PY) -m benchmarks

train-truecite: setup
	$(PY) manage.py train_truecite

# The sentence-role model trains on the structured abstracts in ../shared/data and prints its held-out
# scores; its output, search/reading/model/roles.npz, is committed.
train-roles: setup
	$(PY) manage.py train_roles

# The Deep Search reranker trains on a catalog of SciFact's corpus (the one the benchmarks use), about half
# an hour on two cores; its output, search/deep/model/reranker.safetensors, is committed.
SCIFACT_CATALOG := WISPAPER_DATA_DIR=var/bench/scifact CELERY_TASK_ALWAYS_EAGER=1
train-reranker: setup
	$(SCIFACT_CATALOG) $(PY) manage.py migrate --noinput -v 0
	$(SCIFACT_CATALOG) $(PY) manage.py import_papers ../shared/data/scifact/corpus.jsonl.gz
	$(SCIFACT_CATALOG) $(PY) manage.py train_reranker
