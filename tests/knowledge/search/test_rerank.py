"""The rerank stage with a real (tiny, locally built) cross-encoder: plumbing, order and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.search.dense import EmbeddingModelError
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.rerank import Reranker, load_reranker
from knowledge.search.searcher import Searcher
from knowledge.search.tokenizer import Tokenizer


@pytest.fixture(scope="module")
def tiny_cross_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-layer BERT cross-encoder with random weights, saved like any downloaded model."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-reranker")
    chars = sorted(set("临港两证合一试点排污许可环评是什么意思措施关于持续创新生态环保"))
    (folder / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]), "utf-8")
    BertTokenizerFast(vocab_file=str(folder / "vocab.txt")).save_pretrained(str(folder))
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=5 + len(chars), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=32, num_labels=1,
    )  # fmt: skip
    BertForSequenceClassification(config).save_pretrained(str(folder))
    return folder


class Reverse(Reranker):
    """A reranker whose judgement is known in advance: it reverses the fused order."""

    def __init__(self) -> None:
        super().__init__(model=None, name="reverse", depth=5)  # type: ignore[arg-type]

    def order(self, query: str, texts: list[str]) -> list[int]:  # type: ignore[override]
        return list(range(len(texts)))[::-1]


def test_rerank_reorders_the_top_candidates(kb_home: Path, tokenizer: Tokenizer) -> None:
    plain = Searcher(KnowledgePaths(kb_home), tokenizer).search("两证合一试点", k=5)
    reranked = Searcher(KnowledgePaths(kb_home), tokenizer, reranker=Reverse()).search("两证合一试点", k=5)
    assert [h.clause.label for h in reranked.hits] == [h.clause.label for h in plain.hits][::-1]


def test_a_real_cross_encoder_loads_and_ranks(tiny_cross_encoder: Path, kb_home: Path, tokenizer: Tokenizer) -> None:
    reranker = load_reranker(tiny_cross_encoder, depth=8)
    order = reranker.order("两证合一", ["临港两证合一试点", "环评", "排污许可"])
    assert sorted(order) == [0, 1, 2]
    result = Searcher(KnowledgePaths(kb_home), tokenizer, reranker=reranker).search("临港两证合一试点", k=3)
    assert len(result.hits) == 3


def test_an_unloadable_reranker_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelError, match="never downloads"):
        load_reranker(tmp_path / "nothing-here")
