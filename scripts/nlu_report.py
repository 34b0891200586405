"""Turn Rasa's cross-validation intent report into docs/nlu-cross-validation.md.

Usage: .venv/bin/python scripts/nlu_report.py results/nlu/intent_report.json docs/nlu-cross-validation.md
(`make cross-validate` runs the 5-fold cross-validation and then this.)
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path


def main(report_path: Path, out_path: Path) -> None:
    report = json.loads(report_path.read_text("utf-8"))
    intents = {k: v for k, v in report.items() if isinstance(v, dict) and "support" in v and "avg" not in k}
    macro = report.get("macro avg", {})
    weighted = report.get("weighted avg", {})
    lines = [
        "# NLU cross-validation",
        "",
        "5-fold cross-validation of `bot/data` (`nlu.yml` and the generated `lookups.yml`)",
        f"with the pipeline in `config.yml`, {date.today()}.",
        "Reproduce with `make cross-validate` (Rasa writes the raw reports to `results/nlu/`).",
        "",
        f"- **intent macro-F1: {macro.get('f1-score', 0):.3f}** (target ≥ 0.92)",
        f"- weighted F1: {weighted.get('f1-score', 0):.3f}; accuracy: {report.get('accuracy', 0):.3f}",
        "",
        "| intent | precision | recall | F1 | examples | most confused with |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, row in sorted(intents.items(), key=lambda kv: kv[1].get("f1-score", 0)):
        confused = ", ".join(f"{k} ({v})" for k, v in (row.get("confused_with") or {}).items())
        lines.append(
            f"| {name} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1-score']:.3f} "
            f"| {row['support']} | {confused} |"
        )
    out_path.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"macro-F1 {macro.get('f1-score', 0):.3f} → {out_path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
