# The two commands that matter: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
export AWS_DEFAULT_REGION ?= eu-west-3

.PHONY: run redrive test test-unit test-api test-integration test-e2e test-infra bench package lint-infra deploy browser clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

# DynamoDB Local's jar comes from npm (amplify-dynamodb-simulator); the runner fetches it once.
dynamodb-local: $(STAMP)
	$(PY) -c "from runner.dynamodb_local import ensure_jar; ensure_jar()"

# Debian's Chromium for the browser tier (Playwright cannot download browsers here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

run: $(STAMP) dynamodb-local
	PORT=$(PORT) $(PY) -m runner

# All tiers in one pytest run (one summary line). Exit code 5 means no test ran:
# that is a broken suite, not a pass, so it fails loudly.
test: $(STAMP) dynamodb-local browser
	@$(PY) -m pytest tests -p no:cacheprovider; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing on purpose"; exit 1; fi; exit $$rc

test-unit: $(STAMP)
	$(PY) -m pytest tests/unit
test-api: $(STAMP)
	$(PY) -m pytest tests/api
test-integration: $(STAMP) dynamodb-local
	$(PY) -m pytest tests/integration
test-e2e: $(STAMP) dynamodb-local browser
	$(PY) -m pytest tests/e2e
test-infra: $(STAMP)
	$(PY) -m pytest tests/infra

# Stream records that failed every retry, and changes a consumer gave up on (stop `make run` first).
redrive: $(STAMP) dynamodb-local
	$(PY) -m runner.redrive

bench: $(STAMP) dynamodb-local browser
	$(PY) bench/run.py

package: $(STAMP)
	rm -rf build/package
	$(PY) infra/build_template.py --out build/merge-template.json
	$(VENV)/bin/chalice package --stage api --merge-template build/merge-template.json build/package
	$(PY) infra/slim_package.py build/package/deployment.zip

lint-infra: package
	$(VENV)/bin/cfn-lint build/package/sam.json

deploy: $(STAMP)
	PYTHON=$(PY) CHALICE=$(VENV)/bin/chalice bash infra/deploy.sh

clean:
	rm -rf build .pytest_cache
