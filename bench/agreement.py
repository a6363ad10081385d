"""How far a second careful reader agrees with a held-out set's writer, and how far the classifier agrees with
each of them: opt-out precision / recall with one side taken as the truth.

    .venv/bin/python bench/agreement.py fixtures/replies/heldout22.jsonl \\
        fixtures/replies/second-reader/a22.jsonl

The second reader labelled the replies from `fixtures/replies/GUIDE.md` alone, without the writer's labels."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mailgate import evaluate

Labels = dict[str, tuple[str, str | None]]


def opt_out_agreement(truth: Labels, other: Labels) -> tuple[float, float]:
    positive = evaluate.OPT_OUT
    both = sum(1 for k in truth if truth[k][0] in positive and other[k][0] in positive)
    only_other = sum(1 for k in truth if truth[k][0] not in positive and other[k][0] in positive)
    only_truth = sum(1 for k in truth if truth[k][0] in positive and other[k][0] not in positive)
    precision = both / (both + only_other) if both + only_other else 1.0
    recall = both / (both + only_truth) if both + only_truth else 1.0
    return precision, recall


def main(set_path: str, reader_path: str) -> None:
    examples = evaluate.load(Path(set_path))
    writer = {e.id: (e.intent, e.scope) for e in examples}
    reader: Labels = {}
    for line in Path(reader_path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            reader[record["id"]] = (record["intent"], record["scope"])
    if set(reader) != set(writer):
        raise SystemExit(f"{reader_path} does not label the same ids as {set_path}")
    classifier = {o.example.id: (o.got.intent, o.got.scope) for o in evaluate.run(examples)}
    same = sum(reader[k] == writer[k] for k in writer) / len(writer)
    print(f"second reader vs writer: same intent and scope {same:.3f}")
    for name, truth, other in (
        ("second reader vs writer", writer, reader),
        ("classifier vs writer", writer, classifier),
        ("classifier vs second reader", reader, classifier),
    ):
        precision, recall = opt_out_agreement(truth, other)
        print(f"{name}: opt-out precision {precision:.3f}  recall {recall:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
