# ZKTrain: two commands on a fresh Debian machine.
#   make demo   installs what is missing, builds (release), trains a small model on
#               Fashion-MNIST with 8-bit quantization-aware training, compiles it to a circuit,
#               runs the Groth16 setup, proves a prediction and verifies it (zktrain demo)
#   make test   installs what the tests need, builds and runs every test suite
#   make pytorch-check  (minutes; not part of make test) trains four models in PyTorch on full
#               Fashion-MNIST, imports, fine-tunes, quantizes, proves and verifies them, and
#               compares the prover with EZKL on the x² MLP and CNN (scripts/pytorch/)
# Every suite runs; the hostile-input campaign and the sweep kill test are bounded
# (FUZZ_MUTANTS, KILLTEST_SWEEP_STRIDE: see the README).

SWIFT ?= swift
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
LIB_PACKAGES := libopenblas-dev liblapacke-dev libgmp-dev zlib1g-dev libssl-dev pkg-config
DEMO_PACKAGES := $(LIB_PACKAGES) dataset-fashion-mnist
ZKTRAIN := .build/release/zktrain
# Mutants the hostile-input campaign runs in `make test`: a fixed count and seed, so that every
# machine, CI's too, runs the same mutants (a time bound ran fewer on a slower machine).
FUZZ_MUTANTS ?= 1500
DEMO_ARCH := dense(64) bn sq dense(10)

.PHONY: demo test deps-demo deps-test build clean pytorch-check

# Installs the Debian packages in $(1) that are not installed yet (apt-get, via sudo if not root).
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
endef

deps-demo:
	$(call apt_install,$(DEMO_PACKAGES))

deps-test:
	$(call apt_install,$(LIB_PACKAGES) python3-pip strace)
	@$(PYTHON) -c "import py_ecc" 2>/dev/null || $(PYTHON) -m pip install -q -r scripts/bn254/requirements.txt \
	  || $(PYTHON) -m pip install -q --break-system-packages -r scripts/bn254/requirements.txt
	@$(PYTHON) -c "import sklearn, pandas" 2>/dev/null || $(PYTHON) -m pip install -q -r scripts/data/requirements.txt \
	  || $(PYTHON) -m pip install -q --break-system-packages -r scripts/data/requirements.txt
	@$(PYTHON) -c "import onnx, onnxruntime" 2>/dev/null || $(PYTHON) -m pip install -q -r scripts/onnx/requirements.txt \
	  || $(PYTHON) -m pip install -q --break-system-packages -r scripts/onnx/requirements.txt
	@$(PYTHON) -c "import boa, vyper; assert vyper.__version__.startswith('0.4.3')" 2>/dev/null \
	  || $(PYTHON) -m pip install -q -r scripts/evm/requirements.txt \
	  || $(PYTHON) -m pip install -q --break-system-packages -r scripts/evm/requirements.txt
	@$(PYTHON) -c "import ray; assert ray.__version__ == '2.60.0'" 2>/dev/null \
	  || $(PYTHON) -m pip install -q -r scripts/ray/requirements.txt \
	  || $(PYTHON) -m pip install -q --break-system-packages -r scripts/ray/requirements.txt

build:
	$(SWIFT) build -c release --product zktrain

demo: deps-demo build
	$(ZKTRAIN) demo --arch "$(DEMO_ARCH)" --output logits+label --out runs/demo

test: deps-test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(PYTHON) scripts/refactor/declared_dependencies.py
	@echo "py_ecc (independent) verification of a proof made by ZKTrain's Groth16 in the tests:"
	$(PYTHON) scripts/bn254/verify_groth16.py .build/crosscheck/verification_key.json .build/crosscheck/proof.json .build/crosscheck/public.json
	@echo "py_ecc verification of proofs of a trained model (public and committed weights) made in the tests:"
	for v in public committed; do $(PYTHON) scripts/bn254/verify_groth16.py .build/crosscheck-model/$$v-verification_key.json \
	  .build/crosscheck-model/$$v-proof.json .build/crosscheck-model/$$v-public.json || exit 1; done
	$(PYTHON) scripts/bn254/test_verifier.py
	$(PYTHON) scripts/bn254/test_certified.py
	scripts/cli/test_cli.sh .build/debug/zktrain
	scripts/cli/test_certified.sh .build/debug/zktrain
	scripts/cli/test_data.sh .build/debug/zktrain
	@echo "Trusted-setup ceremony end to end, its transcripts re-checked by an independent py_ecc script:"
	scripts/ceremony/test_ceremony.sh .build/debug/zktrain
	$(PYTHON) scripts/data/check_csv_against_pandas.py .build/debug/zktrain
	@echo "ONNX export and import checked with onnxruntime (logits, argmax, QAT export vs the integer model, round trips, ReLU conversion):"
	$(PYTHON) scripts/onnx/check_export.py .build/debug/zktrain
	$(PYTHON) scripts/onnx/check_import.py .build/debug/zktrain
	$(PYTHON) scripts/onnx/check_convert.py .build/debug/zktrain
	scripts/killtest/kill_test.sh .build/debug/zktrain
	@echo "Hostile-input campaign, $(FUZZ_MUTANTS) mutants (FUZZ_MUTANTS; see scripts/fuzz/README.md for the full one):"
	$(PYTHON) scripts/fuzz/campaign.py --zktrain .build/debug/zktrain --mutants $(FUZZ_MUTANTS) --committed no --certified yes --quiet
	@echo "On-chain verification: zktrain verifier contracts compiled with vyper and run in py-evm:"
	$(PYTHON) scripts/evm/test_verifier_contract.py .build/debug/zktrain
	@echo "snarkjs .zkey keys from public circom projects, read in place (skipped without ../shared/interop/circom-real):"
	PYTHON=$(PYTHON) scripts/interop/test_zkey_real.sh ../shared/interop/circom-real .build/debug/zktrain
	@echo "Ray: a sweep and a batch of proofs on a two-node Ray cluster on this machine, a worker and the driver killed mid-training:"
	scripts/ray/test_ray.sh .build/debug/zktrain

# PyTorch, EZKL and onnxruntime go into a venv outside the repository (torch alone is 0.9-5 GB).
# The acceptance and the EZKL comparison both run; the target fails if either does.
PYTORCH_VENV ?= $(HOME)/.cache/zktrain/pytorch-venv
PYTORCH_WORK ?= runs/pytorch

pytorch-check: deps-demo build
	$(call apt_install,python3-venv)
	@test -x $(PYTORCH_VENV)/bin/python || $(PYTHON) -m venv $(PYTORCH_VENV)
	$(PYTORCH_VENV)/bin/python -m pip install -q -r scripts/pytorch/requirements.txt
	$(PYTORCH_VENV)/bin/python scripts/pytorch/train_models.py --out $(PYTORCH_WORK)/models
	$(PYTORCH_VENV)/bin/python scripts/pytorch/select_setting.py $(ZKTRAIN) --models $(PYTORCH_WORK)/models --work $(PYTORCH_WORK)
	status=0; \
	$(PYTORCH_VENV)/bin/python scripts/pytorch/acceptance.py $(ZKTRAIN) --models $(PYTORCH_WORK)/models --work $(PYTORCH_WORK) \
	  --relu-setting $(PYTORCH_WORK)/relu-setting.json || status=1; \
	$(PYTORCH_VENV)/bin/python scripts/pytorch/ezkl_compare.py $(ZKTRAIN) --models $(PYTORCH_WORK)/models --work $(PYTORCH_WORK) \
	  --model sq_mlp sq_cnn || status=1; \
	exit $$status

clean:
	rm -rf .build runs
