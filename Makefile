# The two commands of the README:
#   make site   set up .venv from requirements.lock and build the site from content/
#   make test   set up .venv (and Chromium for the browser tests) and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
CHROMIUM := /usr/bin/chromium

.PHONY: site test setup chromium
site: setup
	$(BIN)/digest build --content content --site site

test: setup chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

# The browser tests drive Debian's Chromium. When it is missing, install it with apt (as root, or
# through sudo when that needs no password); otherwise stop and say what to install. Nothing to
# do when DIGEST_CHROMIUM names another browser, or when PYTEST_ARGS leaves the browser tests out.
chromium:
	@if [ -n "$$DIGEST_CHROMIUM" ] && [ "$$DIGEST_CHROMIUM" != "$(CHROMIUM)" ]; then exit 0; fi; \
	case "$(PYTEST_ARGS)" in *"not browser"*) exit 0;; esac; \
	if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=none; fi; \
	if [ "$$sudo" != none ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests (apt-get)"; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium >/dev/null && exit 0; \
	fi; \
	echo "The browser tests need Chromium at $(CHROMIUM), and it could not be installed here." >&2; \
	echo "  Debian/Ubuntu: sudo apt-get install chromium, then run make test again;" >&2; \
	echo "  another Chromium: make test DIGEST_CHROMIUM=/path/to/chromium (exported);" >&2; \
	echo "  Playwright's own: .venv/bin/python -m playwright install chromium, then DIGEST_CHROMIUM=playwright make test;" >&2; \
	echo "  or leave them out: make test PYTEST_ARGS='-m \"not browser\"'." >&2; \
	exit 1
