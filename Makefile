# Every target creates or reuses .venv from uv.lock, so a fresh machine needs only python3.
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: venv demo test bench lint clean

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --quiet
	touch $@

venv: $(VENV)/.synced

demo: venv
	$(VENV)/bin/sellerops demo

test: venv
	$(VENV)/bin/pytest -n 2 --dist loadgroup

bench: venv
	$(PY) -m bench.pull
	$(PY) -m bench.warehouse
	$(PY) -m bench.invoices

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .ruff_cache
