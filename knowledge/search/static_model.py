"""Train a small ``StaticEmbedding`` model on the knowledge base itself (``kb-static``).

No Chinese sentence-transformers model can be had offline here, so the offline dense
option learns one from the clauses: a word vocabulary from the project's jieba
analyser, vectors initialised from an LSA (truncated SVD) of the BM25 term-clause
matrix, then tuned with in-batch negatives (MultipleNegativesRankingLoss) on
inverse-cloze pairs: one sentence of a clause against the rest of it with its title
and headings. It is self-supervised: no question set is used to train it.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from knowledge.search.lexical import LexicalIndex
from knowledge.search.tokenizer import sentences

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

Analyse = Callable[[str], list[str]]


def inverse_cloze_pairs(clause_texts: Sequence[str], contexts: Sequence[str]) -> list[tuple[str, str]]:
    """(sentence, rest of its clause with context) for every sentence longer than six characters.

    >>> inverse_cloze_pairs(["甲项规定内容。乙项规定内容。"], ["某法"])
    [('甲项规定内容。', '某法 乙项规定内容。'), ('乙项规定内容。', '某法 甲项规定内容。')]
    """
    pairs = []
    for text, context in zip(clause_texts, contexts, strict=True):
        parts = [s for s in sentences(text) if len(s) > 6]
        for i, sentence in enumerate(parts):
            rest = "".join(parts[:i] + parts[i + 1 :]) or text
            pairs.append((sentence, f"{context} {rest}"))
    return pairs


def _lsa_vectors(units: list[list[str]], vocab: dict[str, int], dim: int) -> np.ndarray:
    from scipy.sparse.linalg import svds

    lexical = LexicalIndex.build(units)
    k = max(2, min(dim, min(lexical.weights.shape) - 1))
    _, singular, vt = svds(lexical.weights.astype(np.float32), k=k)
    term_vectors = vt.T * singular
    weights = np.zeros((len(vocab), dim), dtype=np.float32)
    for word, row in vocab.items():
        col = lexical.vocabulary.get(word)
        if col is not None:
            weights[row, :k] = term_vectors[col]
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    return weights / np.maximum(norms, 1e-6)


def train_static_model(
    clause_texts: Sequence[str],
    contexts: Sequence[str],
    analyse: Analyse,
    *,
    dim: int = 256,
    epochs: int = 2,
    batch_size: int = 256,
    learning_rate: float = 0.05,
    seed: int = 0,
) -> SentenceTransformer:
    """Train and return a SentenceTransformer whose inputs are analysed (space-joined) texts."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer as HFTokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import WhitespaceSplit

    random.seed(seed)
    torch.manual_seed(seed)
    units = [analyse(f"{c} {t}") for c, t in zip(contexts, clause_texts, strict=True)]
    vocab = {"[UNK]": 0, "[PAD]": 1}
    for words in units:
        for word in words:
            vocab.setdefault(word, len(vocab))
    hf = HFTokenizer(WordLevel(vocab, unk_token="[UNK]"))
    hf.pre_tokenizer = WhitespaceSplit()
    hf.enable_padding(pad_id=1, pad_token="[PAD]")
    static = StaticEmbedding(hf, embedding_weights=_lsa_vectors(units, vocab, dim))
    model = SentenceTransformer(modules=[static], device="cpu")

    def prep(text: str) -> str:
        return " ".join(analyse(text))

    pairs = inverse_cloze_pairs(clause_texts, contexts)
    loss = MultipleNegativesRankingLoss(model)
    optimiser = torch.optim.Adam(model.parameters(), lr=learning_rate)
    model.train()
    for epoch in range(epochs):
        random.shuffle(pairs)
        total = 0.0
        for start in range(0, len(pairs), batch_size):
            batch = pairs[start : start + batch_size]
            if len(batch) < 2:
                continue
            queries = model.preprocess([prep(a) for a, _ in batch])
            positives = model.preprocess([prep(b) for _, b in batch])
            value = loss([queries, positives], None)
            optimiser.zero_grad()
            value.backward()
            optimiser.step()
            total += float(value.item())
        logger.info("kb-static epoch %d: loss %.2f over %d pairs", epoch + 1, total, len(pairs))
    model.eval()
    return model
