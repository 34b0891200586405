"""Documents: policy files and statutes as imported, split into clauses, kept in the library.

``records`` (Document, Clause, Hit), ``parser`` (text → clauses), ``importer`` (files →
library), ``library`` (the SQLite store of documents and clauses), ``faq`` (staff answers
saved as a document). Imports nothing from the other parts of ``knowledge``.
"""
