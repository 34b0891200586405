"""Search: the index built from the library and the ranked, answer-or-not search over it.

``tokenizer`` and ``lexical`` (BM25 channels), ``dense``, ``static_model`` and ``rerank``
(optional models), ``fusion``, ``config`` (answer policy and channel weights),
``manifest`` (the live build), ``builder``, ``searcher``, ``evaluation`` and
``dictionary`` (the vocabulary Rasa learns). Depends on ``documents`` only.
"""
