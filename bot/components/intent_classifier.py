"""Logistic-regression intent classifier whose regularisation strength is configurable.

Rasa 3.6's ``LogisticRegressionClassifier`` builds scikit-learn's ``LogisticRegression``
with the library default ``C=1.0`` and no way to change it. Our features are sparse word and
character n-gram counts over short Chinese messages, where many informative n-grams occur in a
handful of examples only; ``C=1.0`` shrinks their weights so far that short replies
(「不对」, 「可以」, 「没用」) are pulled toward the largest classes. This component is the same
classifier with ``C`` (inverse regularisation strength) read from ``config.yml``:

    - name: bot.components.intent_classifier.TunedLogisticRegressionClassifier
      C: 10

Everything else (training, persistence with skops, ranking output) is Rasa's.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TunedLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Rasa's logistic-regression intent classifier with a configurable ``C``."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Rasa's defaults plus ``C``; 1.0 reproduces the stock classifier."""
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

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
