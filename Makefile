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

$(VENV)/.installed: $(BIN)/python setup.py constraints.txt
	$(BIN)/pip install -q -c constraints.txt pip setuptools wheel
	$(BIN)/pip install -q -c constraints.txt -e ".[test]"
	touch $@

.PHONY: install
install: $(VENV)/.installed ## Create .venv and install the pinned add-on with its test tools

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

.PHONY: close-expired
close-expired: $(ZOPE_CONF) ## Close published Urgent Actions whose closing date has come (for cron)
	$(BIN)/zconsole run $(ZOPE_CONF) $(PACKAGE)/scripts/close_expired.py

.PHONY: test
test: $(VENV)/.installed ## Run the whole test suite
	$(BIN)/pytest -q -m "not slow"

.PHONY: test-slow
test-slow: $(VENV)/.installed ## Slow proofs: the wheel installs into a fresh venv, buildout builds an instance
	$(BIN)/pytest -q -m slow

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

.PHONY: i18n
i18n: $(VENV)/.installed ## Extract messages and sync the en, de, fr, it catalogs
	$(BIN)/python scripts/i18n.py

.PHONY: clean
clean: ## Remove the instance, its data (var/) and build output, keep .venv
	rm -rf instance var build dist *.egg-info src/*.egg-info

.PHONY: distclean
distclean: clean ## Also remove the virtualenv
	rm -rf $(VENV)
