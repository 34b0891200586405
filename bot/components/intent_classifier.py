"""Logistic-regression intent classifier whose regularisation strength is configurable.

Rasa 3.6's ``LogisticRegressionClassifier`` builds scikit-learn's ``LogisticRegression``
with the library default ``C=1.0`` and no way to change it. Our features are sparse word and
character n-gram counts over short Chinese messages, where many informative n-grams occur in a
handful of examples only; ``C=1.0`` shrinks their weights so far that short replies
(「不对」, 「可以」, 「没用」) are pulled toward the largest classes. This component is the same
classifier with ``C`` (inverse regularisation strength) read from ``config.yml``:

    - name: bot.components.intent_classifier.TunedLogisticRegressionClassifier
      C: 100

With ``normalize: true`` each message's sparse n-gram counts are scaled to unit length (as
TF-IDF vectors usually are) before the dense sentence features are appended. Rasa passes raw
counts: a long message then has a long feature vector, and its logits grow with its length
until whichever intent has the most long examples wins every long message — a
context-heavy question (「我们是做…的，厂在…，想问…」) was classified with confidence 1.0 as
whatever it resembled least. Normalised, a message weighs the same whatever its length.

Everything else (training, persistence with skops, ranking output) is Rasa's.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.preprocessing import normalize


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TunedLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Rasa's logistic-regression intent classifier with a configurable ``C``."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Rasa's defaults plus ``C``; 1.0 reproduces the stock classifier."""
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0, "normalize": False}

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self._inverse_regularisation(self.config))

    @classmethod
    def _inverse_regularisation(cls, config: dict[str, Any]) -> float:
        """``C`` from the config; a bad value is refused before training rather than during it."""
        value = config["C"]
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ValueError(f"{cls.__name__}: C must be a positive number, got {value!r}")
        return float(value)

    def _create_X(self, messages: list[Message]) -> csr_matrix:
        """Rasa's features (sparse sentence counts, then dense sentence features), with the sparse
        block scaled to unit length when ``normalize`` is on."""
        if not self.config["normalize"]:
            return super()._create_X(messages)
        rows = []
        for message in messages:
            sparse = message.get_sparse_features(attribute=TEXT)[1]
            dense = message.get_dense_features(attribute=TEXT)[1]
            counts = normalize(csr_matrix(sparse.features)) if sparse else csr_matrix([])
            rows.append(hstack([counts, csr_matrix(dense.features if dense else [])]))
        return vstack(rows)
