"""The custom intent classifier, exercised inside the Rasa environment it runs in.

Rasa lives in its own Python 3.10 environment (``.venv-rasa``), so the checks run there in one
subprocess: configure, train on a few hand-made feature rows, persist, load, predict. The
results come back as JSON and each test asserts one part of them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.rasa_env import run_in_rasa

CHECKS = r"""
import json, tempfile
from pathlib import Path
import numpy as np
from scipy.sparse import csr_matrix
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from bot.components.intent_classifier import TunedLogisticRegressionClassifier as Classifier

storage = LocalModelStorage(Path(tempfile.mkdtemp()))
context = ExecutionContext(GraphSchema({}), "test")
out = {"configured": {}, "refused": {}}

def build(config, name="clf"):
    return Classifier.create(config, storage, Resource(name), context)

for label, config in {"default": {}, "ten": {"C": 10}, "int": {"C": 3}, "fraction": {"C": 0.5}}.items():
    out["configured"][label] = build(config).clf.C
for label, value in {"zero": 0, "negative": -1, "text": "ten", "bool": True}.items():
    try:
        build({"C": value})
        out["refused"][label] = None
    except ValueError as error:
        out["refused"][label] = str(error)

def message(intent, row):
    m = Message(data={"text": intent, "intent": intent})
    m.add_features(Features(csr_matrix(np.array([row], dtype=float)), "sentence", "text", "test"))
    return m

rows = {"affirm": [1, 0, 0], "deny": [0, 1, 0], "greet": [0, 0, 1]}
trained = build({"C": 10}, "trained")
trained.train(TrainingData([message(i, r) for i, r in rows.items() for _ in range(3)]))
loaded = Classifier.load({"C": 10}, storage, Resource("trained"), context)
probe = [message("?", r) for r in rows.values()]
loaded.process(probe)
out["loaded_C"] = loaded.clf.C
out["predicted"] = [m.get("intent")["name"] for m in probe]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return run_in_rasa(CHECKS)


@pytest.mark.parametrize(("label", "expected"), [("default", 1.0), ("ten", 10.0), ("int", 3.0), ("fraction", 0.5)])
def test_c_comes_from_the_config(results: dict[str, Any], label: str, expected: float) -> None:
    assert results["configured"][label] == expected


@pytest.mark.parametrize("label", ["zero", "negative", "text", "bool"])
def test_a_bad_c_is_refused_before_training(results: dict[str, Any], label: str) -> None:
    assert results["refused"][label] is not None
    assert "C must be a positive number" in results["refused"][label]


def test_trained_classifier_survives_persist_and_load(results: dict[str, Any]) -> None:
    assert results["loaded_C"] == 10.0
    assert results["predicted"] == ["affirm", "deny", "greet"]
