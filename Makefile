# Every target creates or reuses .venv from uv.lock, so a fresh machine needs only python3.
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: venv browser demo test bench lint clean

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --quiet
	touch $@

venv: $(VENV)/.synced

# Debian's Chromium for the headless browser tests (Playwright drives it; it downloads no browser).
browser:
	@command -v chromium >/dev/null || apt-get install -y -q chromium \
		|| (apt-get update -q && apt-get install -y -q chromium)

demo: venv
	$(VENV)/bin/sellerops demo

test: venv browser
	$(VENV)/bin/pytest -n 2 --dist loadgroup

bench: venv
	$(PY) -m bench.pull
	$(PY) -m bench.warehouse
	$(PY) -m bench.stock_ledger
	$(PY) -m bench.invoices
	$(PY) -m bench.models
	$(PY) -m bench.webhooks
	$(PY) -m bench.pages

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .ruff_cache
