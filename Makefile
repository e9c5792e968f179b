# collective.urgentactions: `make start` serves the demo site, `make test` runs
# the whole suite. Everything is pinned in constraints.txt; nothing is fetched
# but packages from PyPI (and Debian packages in .ci/run).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8080
ADMIN ?= admin:admin
INSTANCE := $(CURDIR)/instance
VAR := $(CURDIR)/var
ZOPE_CONF := instance/etc/zope.conf
PACKAGE := src/collective/urgentactions

.PHONY: help
help: ## Show the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Plone (the distribution with the classic UI) for the demo site and tests; the
# add-on itself needs only what setup.py lists.
$(VENV)/.installed: $(BIN)/python setup.py constraints.txt
	$(BIN)/pip install -q -c constraints.txt pip setuptools wheel
	$(BIN)/pip install -q -c constraints.txt Plone -e ".[test]"
	touch $@

# axe-core for the accessibility checks of the browser tests, pinned in
# package-lock.json and installed from npm's registry by its own client.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

.PHONY: install
install: $(VENV)/.installed ## Create .venv and install the pinned add-on with its test tools

# A fresh venv under the current pins (a dependency new in setup.py resolves
# to its newest release), frozen into constraints.txt. Pins of the buildout
# and deployment tools, which live in their own venvs, are kept.
CONSTRAINTS_VENV := .venv-constraints

.PHONY: constraints
constraints: ## Re-pin constraints.txt after changing the dependencies in setup.py
	rm -rf $(CONSTRAINTS_VENV)
	$(PYTHON) -m venv $(CONSTRAINTS_VENV)
	$(CONSTRAINTS_VENV)/bin/pip install -q -c constraints.txt pip setuptools wheel packaging
	$(CONSTRAINTS_VENV)/bin/pip install -q -c constraints.txt Plone -e ".[test]"
	$(CONSTRAINTS_VENV)/bin/pip freeze --exclude-editable --all \
		| $(CONSTRAINTS_VENV)/bin/python scripts/freeze_constraints.py constraints.txt
	rm -rf $(CONSTRAINTS_VENV)

$(ZOPE_CONF): $(VENV)/.installed etc/zope.conf.in etc/zope.ini.in
	rm -rf instance
	$(BIN)/mkwsgiinstance -d instance -u $(ADMIN)
	sed -e 's|@INSTANCE@|$(INSTANCE)|g; s|@VAR@|$(VAR)|g' etc/zope.conf.in > $(ZOPE_CONF)
	sed -e 's|@INSTANCE@|$(INSTANCE)|g; s|@VAR@|$(VAR)|g' etc/zope.ini.in > instance/etc/zope.ini
	mkdir -p var/filestorage var/blobstorage var/log var/cache

.PHONY: instance
instance: $(ZOPE_CONF) ## Create the Zope instance (FileStorage and blobs under var/)

var/.site-created: $(ZOPE_CONF)
	$(BIN)/zconsole run $(ZOPE_CONF) scripts/create_site.py
	touch $@

.PHONY: site
site: var/.site-created ## Create the Plone site "Plone" with the add-on and demo content

.PHONY: start
start: site ## Install, create instance and demo site, serve on http://localhost:$(PORT)/Plone
	@echo "Serving http://localhost:$(PORT)/Plone (admin: $(ADMIN))"
	$(BIN)/runwsgi instance/etc/zope.ini http_port=$(PORT)

# --- A second demo site, a German section syndicating from the first ---
# (docs/sections.md). `make start` serves the source; in another terminal
# `make start-section` serves the section and syncs it every SYNC_EVERY s.
SECTION_PORT ?= 8081
SYNC_EVERY ?= 30
SECTION_INSTANCE := $(CURDIR)/instance-section
SECTION_VAR := $(CURDIR)/var-section
SECTION_CONF := instance-section/etc/zope.conf

$(SECTION_CONF): $(VENV)/.installed etc/zope.conf.in etc/zope.ini.in
	rm -rf instance-section
	$(BIN)/mkwsgiinstance -d instance-section -u $(ADMIN)
	sed -e 's|@INSTANCE@|$(SECTION_INSTANCE)|g; s|@VAR@|$(SECTION_VAR)|g' etc/zope.conf.in > $(SECTION_CONF)
	sed -e 's|@INSTANCE@|$(SECTION_INSTANCE)|g; s|@VAR@|$(SECTION_VAR)|g' etc/zope.ini.in > instance-section/etc/zope.ini
	mkdir -p var-section/filestorage var-section/blobstorage var-section/log var-section/cache

var-section/.site-created: $(SECTION_CONF)
	SOURCE_URL=http://localhost:$(PORT)/Plone SITE_TITLE="Sektion Deutschland" SITE_LANGUAGE=de \
		$(BIN)/zconsole run $(SECTION_CONF) scripts/create_site.py
	touch $@

.PHONY: start-section
start-section: var-section/.site-created ## A second demo site (a German section) on SECTION_PORT, syndicating from the first (make start)
	@echo "Serving the section on http://localhost:$(SECTION_PORT)/Plone, syncing from http://localhost:$(PORT)/Plone every $(SYNC_EVERY) s"
	@( while sleep $(SYNC_EVERY); do curl -fsS -o /dev/null -u '$(ADMIN)' -X POST \
		"http://localhost:$(SECTION_PORT)/Plone/@@urgentactions-maintenance?task=sync-sources" || true; done ) & \
	syncer=$$!; trap "kill $$syncer" EXIT INT TERM; \
	$(BIN)/runwsgi instance-section/etc/zope.ini http_port=$(SECTION_PORT)

SITE_ID ?= Plone
SITE_URL ?= http://localhost:$(PORT)/$(SITE_ID)
MAINTENANCE = curl -fsS -u '$(ADMIN)' -X POST "$(SITE_URL)/@@urgentactions-maintenance?task=$(1)"

.PHONY: close-expired
close-expired: ## Daily, from cron: close cases whose closing date has come (asks the running site)
	$(call MAINTENANCE,close-expired)

.PHONY: retention
retention: ## Daily, from cron: keep of long-closed cases only each member's number of letters (asks the running site)
	$(call MAINTENANCE,retention)

.PHONY: pack
pack: ## Nightly, from cron: pack the database when an erasure left old revisions (asks the running site)
	$(call MAINTENANCE,pack)

.PHONY: test
test: $(VENV)/.installed $(AXE) ## Run the whole test suite
	$(BIN)/pytest -q -m "not slow and not cluster and not audit"

.PHONY: audit
audit: $(VENV)/.installed ## Security and privacy audit: endpoint x role matrix, malformed input, traces of a member's session
	$(BIN)/pytest -q -m audit tests/audit

.PHONY: lint
lint: $(VENV)/.installed ## Check code style (ruff) and ZCML/XML formatting (zpretty)
	$(BIN)/ruff check src tests bench profiles scripts
	$(BIN)/ruff format --check src tests bench profiles scripts
	find src profiles -name '*.zcml' -o -name '*.xml' | grep -v '/locales/' | xargs $(BIN)/zpretty --check

.PHONY: format
format: $(VENV)/.installed ## Format code (ruff) and ZCML/XML (zpretty)
	$(BIN)/ruff check --fix src tests bench profiles scripts
	$(BIN)/ruff format src tests bench profiles scripts
	find src profiles -name '*.zcml' -o -name '*.xml' | grep -v '/locales/' | xargs $(BIN)/zpretty -i

.PHONY: changelog
changelog: $(VENV)/.installed ## Show the changelog entry news/ makes; RELEASE=<version> writes it into CHANGES.md
ifdef RELEASE
	$(BIN)/towncrier build --yes --version $(RELEASE)
else
	$(BIN)/towncrier build --draft --version "$$($(BIN)/python -c 'import collective.urgentactions as p; print(p.__version__)')"
endif

.PHONY: i18n
i18n: $(VENV)/.installed ## Extract messages and sync the en, de, fr, it catalogs
	$(BIN)/python scripts/i18n.py

.PHONY: clean
clean: ## Remove the instances, their data (var/, var-section/) and build output, keep .venv
	rm -rf instance var instance-section var-section build dist *.egg-info src/*.egg-info

.PHONY: distclean
distclean: clean ## Also remove the virtualenv
	rm -rf $(VENV)

# --- Beyond one machine: Zope instances on ZEO or RelStorage behind HAProxy ---
# (etc/cluster/ templates, scripts/cluster.py supervision, docs/deployment.md)
INSTANCE_PORTS ?= 8081,8082
ZEO_PORT ?= 8100
PG_PORT ?= 5432
THREADS ?= 4
BENCH_PORT ?= 18080
BENCH_STORAGE ?= zeo
BENCH_ARGS ?=
CLUSTER := $(BIN)/python scripts/cluster.py --port $(PORT) --instance-ports $(INSTANCE_PORTS) \
	--zeo-port $(ZEO_PORT) --pg-port $(PG_PORT) --threads $(THREADS) --admin $(ADMIN)

.PHONY: start-cluster
start-cluster: $(VENV)/.installed ## ZEO server, two Zope instances (INSTANCE_PORTS), HAProxy on PORT
	bash scripts/install-debian-deps.sh
	$(CLUSTER) zeo

.PHONY: start-relstorage
start-relstorage: $(VENV)/.installed ## The same with RelStorage on a local PostgreSQL
	bash scripts/install-debian-deps.sh
	$(CLUSTER) relstorage

.PHONY: test-cluster
test-cluster: $(VENV)/.installed ## Short multi-instance ZEO correctness test (own ports and data)
	bash scripts/install-debian-deps.sh
	COLLECTIVE_URGENTACTIONS_RATE_LIMITS=off $(BIN)/pytest -q -m "cluster and not slow" tests/cluster

.PHONY: test-faults
test-faults: $(VENV)/.installed ## Fault tests under load: kill -9 an instance, restart the ZEO server
	bash scripts/install-debian-deps.sh
	COLLECTIVE_URGENTACTIONS_RATE_LIMITS=off $(BIN)/pytest -q -m "cluster and slow" tests/cluster

FAULT_RUNS ?= 30
.PHONY: test-faults-repeat
test-faults-repeat: $(VENV)/.installed ## The fault tests FAULT_RUNS (30) times in a row, with the tally of stored vs acknowledged
	bash scripts/install-debian-deps.sh
	COLLECTIVE_URGENTACTIONS_RATE_LIMITS=off $(BIN)/pytest -q -m "cluster and slow" tests/cluster --fault-runs $(FAULT_RUNS)

.PHONY: bench-contention
bench-contention: $(VENV)/.installed ## Members counting letters on one UA at once, through HAProxy
	bash scripts/install-debian-deps.sh
	COLLECTIVE_URGENTACTIONS_RATE_LIMITS=off $(BIN)/python -m bench.contention --cluster $(BENCH_STORAGE) \
		--url http://localhost:$(BENCH_PORT)/Plone --threads $(THREADS) $(BENCH_ARGS)

.PHONY: sync-sources
sync-sources: ## Every few minutes, from cron: sync the syndication sources in the background (asks the running site)
	$(call MAINTENANCE,sync-sources)

.PHONY: send-digests
send-digests: ## Hourly, from cron: pending mails, daily digests and reminders (asks the running site)
	$(call MAINTENANCE,send-digests)

# --- Packaging: zc.buildout (buildout.cfg, docs/buildout.md) and the wheel ---
BUILDOUT_VENV := .venv-buildout

versions.cfg: constraints.txt scripts/constraints_to_versions.py
	$(PYTHON) scripts/constraints_to_versions.py constraints.txt $@

$(BUILDOUT_VENV)/bin/buildout: constraints.txt
	$(PYTHON) -m venv $(BUILDOUT_VENV)
	$(BUILDOUT_VENV)/bin/pip install -q -c constraints.txt pip setuptools wheel zc.buildout
	touch $@

.PHONY: buildout
buildout: $(BUILDOUT_VENV)/bin/buildout versions.cfg ## Build bin/instance here with zc.buildout (pins from constraints.txt)
	$(BUILDOUT_VENV)/bin/buildout -c buildout.cfg

.PHONY: test-buildout
test-buildout: $(VENV)/.installed ## Slow: buildout in a temporary copy, bin/instance creates and serves a site
	$(BIN)/python tests/packaging/check_buildout.py

.PHONY: test-wheel
test-wheel: $(VENV)/.installed ## Slow: sdist+wheel, wheel installed in a fresh venv, add-on installs in Zope
	$(BIN)/python tests/packaging/check_wheel.py
