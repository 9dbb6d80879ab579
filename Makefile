# Chamabora: `make run` to try it locally, `make test` for the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test bench soak migrate install clean model eval-fraud

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(BIN)/alembic upgrade heads

run: migrate
	@echo ""
	@echo "Chamabora is starting on http://$(HOST):$(PORT) (SQLite under instance/, M-Pesa simulator)."
	@echo "  phone:      http://$(HOST):$(PORT)/simulator/phone (a phone in the browser: USSD, SMS, WhatsApp, M-Pesa)"
	@echo "  web:        http://$(HOST):$(PORT)/login (a member's or officer's pages; the login code arrives in the phone simulator's inbox)"
	@echo "  health:     curl http://$(HOST):$(PORT)/healthz"
	@echo "  operator:   $(BIN)/flask --app app chama --help"
	@echo "  try:        $(BIN)/flask --app app chama register 0712345678 'Jane Wanjiru'"
	@echo "  M-Pesa:     Daraja simulator at http://$(HOST):$(PORT)/simulator/daraja, calling back this server"
	@echo "  USSD:       curl -d sessionId=s1 --data-urlencode phoneNumber=+254722000002 -d text= http://$(HOST):$(PORT)/ussd/africastalking"
	@echo "  SMS:        curl --data-urlencode from=+254722000002 -d 'text=REGISTER Otieno Ouma' -d id=m1 http://$(HOST):$(PORT)/sms/africastalking"
	@echo "  sent:       http://$(HOST):$(PORT)/simulator/outbox (what would have been sent)"
	@echo "  more:       README.md, 'A first run, step by step'; another port: make run PORT=8000"
	@echo ""
	MPESA_CALLBACK_BASE_URL=$${MPESA_CALLBACK_BASE_URL:-http://$(HOST):$(PORT)} \
		$(BIN)/flask --app app run --host $(HOST) --port $(PORT)

# The suite on TEST_WORKERS processes (pytest-xdist), each with its own databases (tests/conftest.py);
# worksteal: a worker done early takes tests queued for another, so one long journey ends no run alone.
TEST_WORKERS ?= 3
test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist worksteal

bench: migrate
	@for f in bench/bench_*.py; do \
		m=$$(basename $$f .py); echo "== $$m"; $(BIN)/python -m bench.$$m || exit 1; \
	done

# Many processes on PostgreSQL and Redis while parts die (bench/soak.py): not part of `make test`.
# Loopback only; its own Redis on SOAK_REDIS_PORT (6390) and database SOAK_DATABASE_URL (chamabora_soak).
soak: $(STAMP)
	$(BIN)/python -m bench.soak

# The fraud model: trained deterministically from the synthetic generator, then measured.
model: $(STAMP)
	$(BIN)/python -m chamabora.fraud train

eval-fraud: $(STAMP)
	$(BIN)/python -m chamabora.fraud.evaluate

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
