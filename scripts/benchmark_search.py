"""Benchmark knowledge search: build time, query latency, memory; at corpus size and at 50,000 clauses.

Run with the project environment:  .venv/bin/python scripts/benchmark_search.py [--laws DIR] [--embedding NAME]
(``--embedding ""`` for the lexical channels alone; default: the settings' model, e5-small-offline).
It prints a Markdown table for docs/benchmarks.md. Everything stays in a temporary folder.

Rows: the first build of the default knowledge (clause vectors read from the pack that ships
with the project, everyday and outside questions encoded; ``--encode-all``: every clause
encoded too, as when the pack does not fit the engine), a rebuild after one
staff FAQ entry (only the new clause encoded), and the corpus copied to about 50,000 clauses.
The copies differ from their originals only in the document title, so their vectors are
taken from the originals instead of encoding 50,000 clauses: search over them costs the same.
Each copy keeps its original's everyday questions (about two per clause), whose vectors are
reused the same way.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from knowledge.documents.faq import add_faq
from knowledge.documents.importer import import_defaults, import_paths
from knowledge.documents.library import Library
from knowledge.documents.parser import parse_text
from knowledge.documents.questions import QuestionBank
from knowledge.documents.records import ParsedDocument, searchable_text
from knowledge.search.builder import build_index
from knowledge.search.dense import encoder_fingerprint
from knowledge.search.embedding_cache import EmbeddingCache, text_key
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.searcher import Searcher, open_searcher
from knowledge.search.tokenizer import Tokenizer
from knowledge.search.vector_pack import VectorPack
from knowledge.settings import KnowledgeSettings

ROOT = Path(__file__).resolve().parent.parent


def queries() -> list[str]:
    dev = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
    rows = [json.loads(line)["query"] for line in dev.read_text("utf-8").splitlines() if line.strip()]
    rows += (ROOT / "knowledge/data/eval/out_of_scope.txt").read_text("utf-8").split()
    return rows


def latency(searcher: Searcher, qs: list[str], rounds: int) -> tuple[float, float, float]:
    for q in qs[:10]:  # warm caches
        searcher.search(q)
    samples = []
    for _ in range(rounds):
        for q in qs:
            start = time.perf_counter()
            searcher.search(q)
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95)], samples[-1]


def replicate(library: Library, target: int) -> int:
    """Copy every document under a new title until the library holds about ``target`` clauses;
    the number of copies."""
    originals = [(d, [c for c in library.clauses() if c.doc_id == d.doc_id]) for d in library.documents()]
    per_copy = sum(len(cs) for _, cs in originals)
    for copy in range(1, -(-target // per_copy)):
        for doc, clauses in originals:
            title = f"{doc.title}（副本{copy}）"
            new = parse_text("\n".join([title, *(c.text for c in clauses)]), source="bench")
            doc_id = new.document.doc_id
            moved = tuple(replace(c, doc_id=doc_id, clause_id=f"{doc_id}:{c.label}#{i}") for i, c in enumerate(clauses))
            library.upsert(ParsedDocument(document=replace(doc, doc_id=doc_id, title=title), clauses=moved))
    return -(-target // per_copy) - 1


def replicated_questions(bank: QuestionBank, copies: int) -> QuestionBank:
    """The bank with each document's questions (and words-only messages) also under every copy's title."""

    def replicated(part: Mapping[tuple[str, str], tuple[str, ...]]) -> dict[tuple[str, str], tuple[str, ...]]:
        out = dict(part)
        for copy in range(1, copies + 1):
            out.update({(f"{title}（副本{copy}）", label): qs for (title, label), qs in part.items()})
        return out

    return QuestionBank(
        replicated(bank.by_article), f"{bank.fingerprint}x{copies}", words_only=replicated(bank.words_only)
    )


def reuse_vectors(source: KnowledgePaths, target: KnowledgePaths, model: str) -> None:
    """Give the copies in ``target`` their originals' vectors (by clause text without the title)."""
    originals = Library.open(source.library)
    docs = {d.doc_id: d for d in originals.documents()}
    by_text = {c.text: text_key(searchable_text(docs[c.doc_id], c)) for c in originals.clauses()}
    src = EmbeddingCache.open(source.embeddings)
    vectors = {k: v for k, v in src.db.execute("select key, vector from vectors where model = ?", [model]).fetchall()}
    big = Library.open(target.library)
    copies = {d.doc_id: d for d in big.documents()}
    rows = [
        {"model": model, "key": text_key(searchable_text(copies[c.doc_id], c)), "vector": vectors[by_text[c.text]]}
        for c in big.clauses()
        if by_text.get(c.text) in vectors
    ]
    asked = f"{model}|query"  # the questions' vectors: the same texts, so the same keys
    rows += [
        {"model": asked, "key": k, "vector": v}
        for k, v in src.db.execute("select key, vector from vectors where model = ?", [asked]).fetchall()
    ]
    cache = EmbeddingCache.open(target.embeddings)
    with cache.db.conn:
        cache.db["vectors"].insert_all(rows, replace=True)  # type: ignore[union-attr]


def timed_build(
    paths: KnowledgePaths,
    tokenizer: Tokenizer,
    model: str,
    questions: QuestionBank | None = None,
    pack: VectorPack | None = None,
) -> tuple[int, float]:
    start = time.perf_counter()
    manifest = build_index(paths, tokenizer, embedding_model=model, questions=questions, pack=pack).manifest
    return manifest.clause_count, time.perf_counter() - start


def serving_latency(paths: KnowledgePaths, model: str, rounds: int) -> tuple[float, float, float]:
    """p50/p95/slowest measured in a fresh process, as the gateway and the action server serve:
    the e5 engine's thread count is fixed by its first load, and here that was a build."""
    args = [sys.executable, __file__, "--latency-of", str(paths.home), "--embedding", model, "--rounds", str(rounds)]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    p50, p95, worst = json.loads(out.strip().splitlines()[-1])
    return p50, p95, worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--laws", type=Path, default=ROOT.parent / "shared" / "corpus" / "laws")
    parser.add_argument("--embedding", default=KnowledgeSettings(_env_file=None).embedding_model)
    parser.add_argument("--large", type=int, default=50_000, help="clauses in the scale test (0 skips it)")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--encode-all", action="store_true", help="first build without the bundled clause vectors")
    parser.add_argument("--latency-of", type=Path, help=argparse.SUPPRESS)  # the serving-process measurement
    args = parser.parse_args()
    if args.latency_of:
        settings = KnowledgeSettings(_env_file=None, home=args.latency_of, embedding_model=args.embedding)
        print(json.dumps(latency(open_searcher(settings), queries(), args.rounds)))
        return
    model_key = encoder_fingerprint(args.embedding)
    tokenizer = Tokenizer.from_directory()
    qs = queries()
    rows: list[tuple[str, float, float | None, float | None, float | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = KnowledgePaths(Path(tmp) / "corpus")
        library = Library.open(paths.library)
        import_paths(library, [args.laws])
        pack = VectorPack.empty() if args.encode_all else None
        clauses, build_s = timed_build(paths, tokenizer, args.embedding, pack=pack)
        p50, p95, worst = serving_latency(paths, args.embedding, args.rounds)
        how = "every clause encoded" if args.encode_all else "bundled clause vectors"
        rows.append((f"{clauses:,} (first build, {how})", build_s, p50, p95, worst))

        add_faq(library, question="排污许可证丢了怎么办？", variants=["排污证遗失"], answer="可以申请补办。", linked=[])
        clauses, build_s = timed_build(paths, tokenizer, args.embedding)
        rows.append((f"{clauses:,} (rebuild after one FAQ entry)", build_s, None, None, None))

        if args.large > 0:
            large = KnowledgePaths(Path(tmp) / "large")
            big = Library.open(large.library)
            import_paths(big, [args.laws])
            copies = replicate(big, args.large)
            if args.embedding:
                import_defaults(big)
                reuse_vectors(paths, large, model_key)
            asked = replicated_questions(QuestionBank.load(), copies)
            clauses, build_s = timed_build(large, tokenizer, args.embedding, asked)
            p50, p95, worst = serving_latency(large, args.embedding, max(1, args.rounds // 5))
            reused = " (vectors reused)" if args.embedding else ""
            rows.append((f"{clauses:,}{reused}", build_s, p50, p95, worst))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    channels = "words + bigrams" + (f" + dense + questions ({args.embedding})" if args.embedding else "")
    print(f"Channels: {channels}; {len(qs)} queries (dev set + out-of-scope list), peak RSS {rss_mb:.0f} MB\n")
    print("| clauses | build (s) | search p50 (ms) | search p95 (ms) | slowest (ms) |")
    print("|---|---:|---:|---:|---:|")
    for label, build_s, p50, p95, worst in rows:
        timings = " | ".join("–" if t is None else f"{t:.1f}" for t in (p50, p95, worst))
        print(f"| {label} | {build_s:.1f} | {timings} |")


if __name__ == "__main__":
    main()
