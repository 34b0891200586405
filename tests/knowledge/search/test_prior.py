"""The document-level prior: a clause inherits part of its document's relevance."""

from __future__ import annotations

import numpy as np

from knowledge.search.config import SearchConfig
from knowledge.search.searcher import Searcher


def test_prior_lifts_clauses_of_the_relevant_document(searcher: Searcher) -> None:
    query = "临港两证合一试点"
    without = searcher.channel_scores(query, SearchConfig(document_prior=0.0))
    with_prior = searcher.channel_scores(query, SearchConfig(document_prior=0.4))
    # one document only: every clause gets the same lift, and the raw channel is untouched
    lift = with_prior["bigrams"] - without["bigrams"]
    assert np.allclose(lift, lift[0]) and lift[0] > 0
    np.testing.assert_array_equal(with_prior["bigrams_raw"], without["bigrams_raw"])


def test_strength_comes_from_the_raw_channel_not_the_prior(searcher: Searcher) -> None:
    a = searcher.search("两证合一", config=SearchConfig(document_prior=0.0)).best
    b = searcher.search("两证合一", config=SearchConfig(document_prior=2.0)).best
    assert a is not None and b is not None
    assert a.clause == b.clause and a.score == b.score
