"""Would a statistical model help the rule classifier on unseen text? An experiment, not part of mailgate:
it needs scikit-learn (`.venv/bin/pip install scikit-learn`), which mailgate does not depend on.

A logistic regression over character 2-5-grams and word 1-2-grams of the customer's own text (the same
`own_text` the rules read), trained on the labelled sets named by --train, scored on each --test set
alone and combined with the rules: the model may promote a reply the rules did not call an opt-out
(probability >= HI) and veto one they did (probability < LO).

    .venv/bin/python bench/model_experiment.py \\
        --train corpus heldout heldout2 heldout3 heldout4 --test heldout5 heldout6

Sets are names under fixtures/replies/ (without .jsonl). Session 4's figures are in bench/RESULTS.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline, make_union  # noqa: E402

from mailgate.classify import classify, normalise, own_text  # noqa: E402
from mailgate.evaluate import OPT_OUT, Example, inbound_for, load  # noqa: E402

REPLIES = Path(__file__).resolve().parent.parent / "fixtures" / "replies"
HYBRIDS = ((0.7, 0.2), (0.8, 0.2), (0.9, 0.1))


def text(example: Example) -> str:
    return normalise(f"{example.subject}\n{own_text(inbound_for(example))}")


def precision_recall(truth: list[bool], guess: list[bool]) -> str:
    hits = sum(t and g for t, g in zip(truth, guess, strict=True))
    precision = hits / sum(guess) if any(guess) else 1.0
    return f"P {precision:.3f} R {hits / sum(truth):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", nargs="+", required=True)
    parser.add_argument("--test", nargs="+", required=True)
    parser.add_argument("-C", type=float, default=16.0, help="inverse regularisation strength")
    args = parser.parse_args()

    train = [example for name in args.train for example in load(REPLIES / f"{name}.jsonl")]
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
    )
    model = make_pipeline(features, LogisticRegression(C=args.C, max_iter=3000, class_weight="balanced"))
    model.fit([text(e) for e in train], [e.intent in OPT_OUT for e in train])
    print(f"trained on {len(train)} replies ({', '.join(args.train)}), C={args.C}")
    for name in args.test:
        examples = load(REPLIES / f"{name}.jsonl")
        truth = [e.intent in OPT_OUT for e in examples]
        rules = [classify(inbound_for(e)).intent in OPT_OUT for e in examples]
        p = model.predict_proba([text(e) for e in examples])[:, 1]
        print(f"{name} ({sum(truth)} opt-outs of {len(examples)})")
        print(f"  rules alone          {precision_recall(truth, rules)}")
        print(f"  model alone (>=0.5)  {precision_recall(truth, [x >= 0.5 for x in p])}")
        for hi, lo in HYBRIDS:
            guess = [(r and x >= lo) or (not r and x >= hi) for r, x in zip(rules, p, strict=True)]
            print(f"  rules + model, promote >= {hi}, veto < {lo}: {precision_recall(truth, guess)}")


if __name__ == "__main__":
    main()
