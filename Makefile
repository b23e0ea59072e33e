# The two commands of the README:
#   make site   set up .venv from requirements.lock and build the site from content/
#   make test   set up .venv from requirements-test.lock (and Chromium for the browser tests) and run
#               the whole test suite
# and the one that writes the locks: make lock (see "Updating the lock" in docs/running.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
# One stamp per lock, named by a checksum of the lock and pyproject.toml: when either changes, the
# venv is brought to exactly the new lock again.
SITE_STAMP := $(VENV)/.installed-site-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
TEST_STAMP := $(VENV)/.installed-test-$(shell cat requirements-test.lock pyproject.toml | cksum | cut -d' ' -f1)
CHROMIUM := /usr/bin/chromium

.PHONY: site test setup setup-test check-lock lock chromium
site: setup
	$(BIN)/digest build --content content --site site

test: setup-test chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(SITE_STAMP)
setup-test: $(TEST_STAMP)

# Install exactly one lock: every file checked against its hash, no package's declared
# dependencies followed (--no-deps: the lock already names all that is needed, and only that),
# packages the lock no longer names removed, then the project itself, then `pip freeze` checked
# against the lock.
define install_lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --no-deps --require-hashes -r $(1)
	$(BIN)/python tools/lockcheck.py --prune $(1)
	$(PIP) install --quiet --no-deps -e .
	$(BIN)/python tools/lockcheck.py $(1)
	rm -f $(VENV)/.installed-*
endef

$(SITE_STAMP): requirements.lock pyproject.toml
	$(call install_lock,requirements.lock)
	touch $@

# requirements-test.lock is requirements.lock plus the test extra, so it serves make site as well.
$(TEST_STAMP): requirements-test.lock requirements.lock pyproject.toml
	$(call install_lock,requirements-test.lock)
	touch $@ $(SITE_STAMP)

# Fails when .venv holds anything but exactly one of the locks (tests/test_lock.py checks it too).
check-lock:
	$(BIN)/python tools/lockcheck.py requirements.lock requirements-test.lock

# Regenerate both locks from pyproject.toml with uv (pinned below, installed into .venv-uv/ on
# first use). Existing pins are kept where they still fit; LOCK_ARGS=--upgrade takes the newest
# releases, LOCK_ARGS='--upgrade-package NAME' one package's. Overrides (the model part's stray
# dependency, PyTorch's CPU build) are in requirements-overrides.txt.
UV_VERSION := 0.13.9
UV_VENV := .venv-uv/$(UV_VERSION)
UV := $(UV_VENV)/bin/uv
LOCK_FIND_LINKS ?= /opt/wheels
UV_COMPILE = $(UV) pip compile pyproject.toml --quiet --no-config --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28 --find-links $(LOCK_FIND_LINKS) --generate-hashes \
	--override requirements-overrides.txt --custom-compile-command 'make lock' $(LOCK_ARGS)

lock: $(UV)
	$(UV_COMPILE) --output-file requirements.lock
	$(UV_COMPILE) --extra test --constraint requirements.lock --output-file requirements-test.lock

$(UV):
	$(PYTHON) -m venv $(UV_VENV)
	$(UV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

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
