"""Measure `classify` on a labelled corpus of customer replies (JSON lines with id, lang, subject, body,
intent, scope): precision and recall per intent, and for opt-out as a whole (unsubscribe and
do_not_email are positives; unclear, like none and subscribe, is not), plus every misclassified id.

    python -m mailgate.evaluate fixtures/replies/corpus.jsonl

Exit status 0 when opt-out precision >= 0.98 and recall >= 0.95, else 1."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from mailgate.classify import Classification, classify
from mailgate.message import Inbound

INTENTS = ("unsubscribe", "do_not_email", "subscribe", "unclear", "none")
OPT_OUT = frozenset({"unsubscribe", "do_not_email"})
TARGET_PRECISION = 0.98
TARGET_RECALL = 0.95


@dataclass(frozen=True)
class Example:
    id: str
    lang: str
    subject: str
    body: str
    intent: str
    scope: str | None


@dataclass(frozen=True)
class Outcome:
    example: Example
    got: Classification


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    support: int  # labelled positives


def load(path: Path) -> list[Example]:
    """The corpus, one JSON object per non-blank line."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            examples.append(
                Example(
                    record["id"],
                    record["lang"],
                    record["subject"],
                    record["body"],
                    record["intent"],
                    record["scope"],
                )
            )
    return examples


def inbound_for(example: Example) -> Inbound:
    """The Inbound a plain-text reply with this Subject and body parses to."""
    return Inbound(
        message_id=None,
        from_addresses=("customer@example.com",),
        subject=example.subject,
        date=None,
        header_counts=MappingProxyType({"from": 1}),
        text=example.body,
        in_reply_to=None,
        references=(),
        automated=None,
        is_own=False,
    )


def run(examples: Iterable[Example]) -> list[Outcome]:
    return [Outcome(example, classify(inbound_for(example))) for example in examples]


def score(outcomes: Sequence[Outcome], positive: frozenset[str]) -> Score:
    """Precision and recall of "intent in positive" (1.0 when there is nothing to be wrong about)."""
    truth = [outcome.example.intent in positive for outcome in outcomes]
    guess = [outcome.got.intent in positive for outcome in outcomes]
    hits = sum(t and g for t, g in zip(truth, guess, strict=True))
    precision = hits / sum(guess) if any(guess) else 1.0
    recall = hits / sum(truth) if any(truth) else 1.0
    return Score(precision, recall, sum(truth))


def opt_out_score(outcomes: Sequence[Outcome]) -> Score:
    return score(outcomes, OPT_OUT)


def misclassified(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """Outcomes whose intent differs from the label, or whose scope differs on an agreed opt-out."""
    return [
        outcome
        for outcome in outcomes
        if outcome.got.intent != outcome.example.intent
        or (outcome.got.intent in OPT_OUT and outcome.got.scope != outcome.example.scope)
    ]


def report(outcomes: Sequence[Outcome]) -> list[str]:
    lines = [f"{len(outcomes)} examples", "", f"{'intent':<14}{'precision':>10}{'recall':>8}{'support':>9}"]
    for intent in INTENTS:
        result = score(outcomes, frozenset({intent}))
        lines.append(f"{intent:<14}{result.precision:>10.3f}{result.recall:>8.3f}{result.support:>9}")
    overall = opt_out_score(outcomes)
    lines += [
        "",
        f"opt-out precision {overall.precision:.3f}  recall {overall.recall:.3f}  support {overall.support}",
    ]
    wrong = misclassified(outcomes)
    lines += ["", f"misclassified ({len(wrong)}):"]
    for outcome in wrong:
        label, got = outcome.example, outcome.got
        expected, actual = f"{label.intent}/{label.scope}", f"{got.intent}/{got.scope}"
        lines.append(f"  {label.id}: expected {expected}, got {actual} ({got.evidence})")
    return lines


def main(path: str | Path) -> int:
    """Print the evaluation of the corpus at `path`; 0 when the opt-out targets are met."""
    outcomes = run(load(Path(path)))
    print("\n".join(report(outcomes)))
    overall = opt_out_score(outcomes)
    return 0 if overall.precision >= TARGET_PRECISION and overall.recall >= TARGET_RECALL else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "fixtures/replies/corpus.jsonl"))
