"""The e5 sentence featurizer, exercised inside the Rasa environment it runs in.

One subprocess in ``.venv-rasa``: create the component as Rasa would, featurize training data
and live messages, and report the features as JSON; each test asserts one part of them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.rasa_env import run_in_rasa

CHECKS = r"""
import json, tempfile
from pathlib import Path
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from bot.components.sentence_featurizer import E5SentenceFeaturizer as Featurizer

storage = LocalModelStorage(Path(tempfile.mkdtemp()))
context = ExecutionContext(GraphSchema({}), "e5")

def create(config):
    return Featurizer.create({**Featurizer.get_default_config(), **config}, storage, Resource("e5"), context)

out = {"refused": {}}
for label, weight in {"zero": 0, "negative": -2, "text": "3", "bool": True}.items():
    try:
        create({"weight": weight})
        out["refused"][label] = None
    except ValueError as error:
        out["refused"][label] = str(error)

featurizer = create({"weight": 3.0})
texts = ["中午有人吗", "午休时间有人回复吗", "我要举报偷排废水的工厂"]
data = TrainingData([Message(data={"text": t, "intent": "x"}) for t in texts] + [Message(data={"intent": "x"})])
featurizer.process_training_data(data)
vectors = []
for m in data.training_examples:
    seq, sentence = m.get_dense_features("text")
    vectors.append(None if sentence is None else sentence.features[0].tolist())
    out.setdefault("sequence", []).append(seq is not None)
live = [Message(data={"text": texts[0]})]
featurizer.process(live)
out["live_equals_training"] = bool(np.allclose(live[0].get_dense_features("text")[1].features[0], vectors[0]))
norms = [float(np.linalg.norm(v)) for v in vectors if v is not None]
out["norms"] = norms
out["dims"] = [len(v) for v in vectors if v is not None]
out["without_text"] = vectors[-1] is None
a, b, c = (np.array(v) / 3.0 for v in vectors[:3])
out["near"] = float(a @ b)
out["far"] = float(a @ c)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return run_in_rasa(CHECKS)


def test_each_message_gets_one_weighted_384_dim_sentence_vector(results: dict[str, Any]) -> None:
    assert results["dims"] == [384, 384, 384]
    assert results["norms"] == pytest.approx([3.0, 3.0, 3.0], abs=1e-3)  # normalised, times the weight
    assert results["sequence"][:3] == [False, False, False]  # sentence features only


def test_a_message_without_text_gets_none(results: dict[str, Any]) -> None:
    assert results["without_text"] is True


def test_live_messages_are_featurized_as_in_training(results: dict[str, Any]) -> None:
    assert results["live_equals_training"] is True


def test_paraphrases_are_nearer_than_other_topics(results: dict[str, Any]) -> None:
    assert results["near"] > results["far"]


@pytest.mark.parametrize("label", ["zero", "negative", "text", "bool"])
def test_a_bad_weight_is_refused(results: dict[str, Any], label: str) -> None:
    assert results["refused"][label] is not None and "weight must be a positive number" in results["refused"][label]
