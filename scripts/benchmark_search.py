"""Benchmark knowledge search: build time, query latency, memory; at corpus size and at 50,000 clauses.

Run with the project environment:  .venv/bin/python scripts/benchmark_search.py [--laws DIR] [--embedding kb-static]
It prints a Markdown table for docs/benchmarks.md. Everything stays in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from knowledge.documents.importer import import_paths
from knowledge.documents.library import Library
from knowledge.documents.parser import parse_text
from knowledge.documents.records import ParsedDocument
from knowledge.search.builder import build_index
from knowledge.search.manifest import KnowledgePaths
from knowledge.search.searcher import Searcher
from knowledge.search.tokenizer import Tokenizer

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


def replicate(library: Library, target: int) -> None:
    """Copy every document under a new title until the library holds about ``target`` clauses."""
    originals = [(d, [c for c in library.clauses() if c.doc_id == d.doc_id]) for d in library.documents()]
    per_copy = sum(len(cs) for _, cs in originals)
    for copy in range(1, -(-target // per_copy)):
        for doc, clauses in originals:
            title = f"{doc.title}（副本{copy}）"
            new = parse_text("\n".join([title, *(c.text for c in clauses)]), source="bench")
            doc_id = new.document.doc_id
            moved = tuple(replace(c, doc_id=doc_id, clause_id=f"{doc_id}:{c.label}#{i}") for i, c in enumerate(clauses))
            library.upsert(ParsedDocument(document=replace(doc, doc_id=doc_id, title=title), clauses=moved))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--laws", type=Path, default=ROOT.parent / "shared" / "corpus" / "laws")
    parser.add_argument("--embedding", default="", help="ECOASSIST_EMBEDDING_MODEL to benchmark (default: none)")
    parser.add_argument("--large", type=int, default=50_000, help="clauses in the scale test (0 skips it)")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    tokenizer = Tokenizer.from_directory()
    qs = queries()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = KnowledgePaths(Path(tmp) / "corpus")
        library = Library.open(paths.library)
        import_paths(library, [args.laws])
        start = time.perf_counter()
        manifest = build_index(paths, tokenizer, embedding_model=args.embedding).manifest
        build_s = time.perf_counter() - start
        searcher = Searcher(paths, tokenizer)
        p50, p95, worst = latency(searcher, qs, args.rounds)
        rows.append((f"{manifest.clause_count:,}", build_s, p50, p95, worst))

        if args.large <= 0:
            args.large = 0
        large = KnowledgePaths(Path(tmp) / "large")
        if args.large:
            big = Library.open(large.library)
            import_paths(big, [args.laws])
            replicate(big, args.large)
            start = time.perf_counter()
            manifest = build_index(large, tokenizer, embedding_model=args.embedding).manifest
            build_s = time.perf_counter() - start
            searcher = Searcher(large, tokenizer)
            p50, p95, worst = latency(searcher, qs, max(1, args.rounds // 5))
            rows.append((f"{manifest.clause_count:,}", build_s, p50, p95, worst))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    channels = "words + bigrams" + (f" + dense ({args.embedding})" if args.embedding else "")
    print(f"Channels: {channels}; {len(qs)} queries (dev set + out-of-scope list), peak RSS {rss_mb:.0f} MB\n")
    print("| clauses | build (s) | search p50 (ms) | search p95 (ms) | slowest (ms) |")
    print("|---:|---:|---:|---:|---:|")
    for clauses, build_s, p50, p95, worst in rows:
        print(f"| {clauses} | {build_s:.1f} | {p50:.1f} | {p95:.1f} | {worst:.1f} |")


if __name__ == "__main__":
    main()
