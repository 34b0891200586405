"""The everyday questions bank: the bundled files name real articles; bad files are clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.documents.importer import import_paths
from knowledge.documents.library import Library
from knowledge.documents.questions import DEFAULT_QUESTIONS, QuestionBank, QuestionBankError
from knowledge.documents.records import Clause, Document
from knowledge.search.remit import Remit
from tests.conftest import LAWS_DIR, SEED_TITLE


def test_every_bundled_question_names_an_article_of_the_default_knowledge(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "library.db")
    import_paths(library, [LAWS_DIR, DEFAULT_QUESTIONS.parent / "documents"])
    titles = {d.doc_id: d.title for d in library.documents()}
    articles = {(titles[c.doc_id], c.label) for c in library.clauses()}
    bank = QuestionBank.load()
    assert set(bank.by_article) <= articles and len(articles) == 2486
    # every article has its questions, but for five whose only questions were other departments'
    assert len(bank.by_article) == len(articles) - 5
    assert sum(map(len, bank.by_article.values())) > 5000
    assert all(0 < len(q) <= 60 for qs in bank.by_article.values() for q in qs)
    assert set(bank.words_only) <= articles
    assert sum(map(len, bank.words_only.values())) > 4000  # the second wave and the third's situations
    assert all(0 < len(q) <= 120 for qs in bank.words_only.values() for q in qs)


def test_the_second_wave_lends_only_words_and_the_third_and_fourth_their_short_questions_as_vectors() -> None:
    for wave, vectors in (("*.voices.yml", False), ("*.cases.yml", "short"), ("*.asks.yml", "short")):
        files = sorted(DEFAULT_QUESTIONS.glob(wave))
        assert len(files) == 40
        assert all(yaml.safe_load(path.read_text("utf-8"))["vectors"] == vectors for path in files)


def test_every_wave_keeps_to_the_bureaus_matters() -> None:
    """A question search would decline as another department's must not pull to an article, nor
    count on the bureau's side of the scope check (「灵活就业 能交社保吗」 is 人社's)."""
    remit, bank = Remit.load(), QuestionBank.load()
    for wave in (bank.by_article, bank.words_only):
        messages = [q for qs in wave.values() for q in qs]
        assert [q for q in messages if remit.elsewhere(q) is not None] == []


def test_a_clause_gets_its_documents_questions_by_title_and_label() -> None:
    bank = QuestionBank.load()
    seed = Document("any-id", SEED_TITLE)
    assert bank.for_clause(seed, Clause("c", "any-id", "（二）", (), "……")) == bank.by_article[(SEED_TITLE, "（二）")]
    assert bank.for_clause(Document("x", "别的文件"), Clause("c", "x", "（二）", (), "……")) == ()


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, "utf-8")
    return folder


def test_a_bank_is_read_from_its_files_and_fingerprinted(tmp_path: Path) -> None:
    text = "document: 某条例\nquestions:\n  第一条:\n    - 问一\n    - ' 问一 '\n    - 问二\n"
    folder = write(tmp_path / "q", "a.yml", text)
    bank = QuestionBank.load(folder)
    assert bank.by_article == {("某条例", "第一条"): ("问一", "问二")}
    write(folder, "a.yml", "document: 某条例\nquestions:\n  第一条:\n    - 问一\n    - 问三\n")
    assert QuestionBank.load(folder).fingerprint != bank.fingerprint
    assert QuestionBank.load(tmp_path / "absent") == QuestionBank.empty()


def test_a_file_that_says_vectors_false_lends_only_words(tmp_path: Path) -> None:
    folder = write(tmp_path / "q", "a.yml", "document: 某条例\nquestions:\n  第一条:\n    - 问一\n")
    alone = QuestionBank.load(folder)
    write(folder, "a.voices.yml", "document: 某条例\nvectors: false\nquestions:\n  第一条:\n    - 我们是小厂，问一\n")
    bank = QuestionBank.load(folder)
    law, clause = Document("d", "某条例"), Clause("c", "d", "第一条", (), "……")
    assert bank.for_clause(law, clause) == ("问一",)
    assert bank.words_for_clause(law, clause) == ("问一", "我们是小厂，问一")
    assert QuestionBank(words_only=bank.words_only).for_clause(law, clause) == ()  # never a vector
    assert bank.fingerprint != alone.fingerprint
    assert len(bank) == 2


def test_a_file_that_says_vectors_short_makes_vectors_of_its_short_questions_only(tmp_path: Path) -> None:
    situation = "我们是做五金喷涂的小厂，在松江，喷漆房的废气没收集好，会被怎么处理？"
    text = f"document: 某条例\nvectors: short\nquestions:\n  第一条:\n    - 废气不收集会咋样\n    - {situation}\n"
    bank = QuestionBank.load(write(tmp_path / "q", "a.cases.yml", text))
    law, clause = Document("d", "某条例"), Clause("c", "d", "第一条", (), "……")
    assert bank.for_clause(law, clause) == ("废气不收集会咋样",)
    assert bank.words_for_clause(law, clause) == ("废气不收集会咋样", situation)


@pytest.mark.parametrize(
    "text",
    [
        "questions: {}\n",  # no document
        "document: 某条例\nquestions: [一, 二]\n",
        "document: 某条例\nquestions:\n  第一条: 只有一句\n",
        "document: 某条例\nquestions:\n  第一条: [1, 2]\n",
        "document: [不闭合\n",
        "document: 某条例\nvectors: 有时\nquestions:\n  第一条: [问一]\n",
    ],
)
def test_a_malformed_file_is_a_clear_error_naming_it(tmp_path: Path, text: str) -> None:
    folder = write(tmp_path / "q", "坏文件.yml", text)
    with pytest.raises(QuestionBankError, match=r"坏文件\.yml"):
        QuestionBank.load(folder)
