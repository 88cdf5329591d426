# The two commands a newcomer needs (see README.md); the rest are for developers.
.PHONY: run test test-quick lint bench vendor

run:  ## set up and serve the app with its demo data on http://127.0.0.1:8000
	./scripts/run.sh

test:  ## set up and run every test against a throwaway PostgreSQL
	./scripts/test.sh

# While editing: everything but the browser (e2e) and the slow tests (contract fuzzing, the
# concurrent-edit runs, mypy); in parallel like `make test`, in a few minutes.
test-quick:  ## the fast tests only: no browser, no contract fuzzing
	./scripts/test.sh -m "not e2e and not slow"

lint:  ## ruff, mypy and the import contracts
	./scripts/setup.sh --dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	ARGMAP_DEBUG=True .venv/bin/mypy argmap
	.venv/bin/lint-imports --no-logo

bench:  ## benchmarks (not part of the test run); prints figures
	./scripts/bench.sh

vendor:  ## re-vendor front-end files from the npm registry
	./scripts/vendor_js.sh
