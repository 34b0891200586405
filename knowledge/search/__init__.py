"""Search: the index built from the library and the ranked, answer-or-not search over it.

``tokenizer`` and ``lexical`` (BM25 channels), ``dense`` with ``e5_offline`` (the default
encoder) and ``embedding_cache``, ``static_model`` and ``rerank`` (optional models),
``fusion``, ``clause_kind`` (rule or penalty), ``config`` (answer policy and channel weights),
``manifest`` (the live build), ``builder``, ``searcher``, ``evaluation`` and
``dictionary`` (the vocabulary Rasa learns). Depends on ``documents`` only.
"""
