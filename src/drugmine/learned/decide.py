"""From P(treats), P(causes), P(none) per pair to links: model alone, or with the rules."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy

from ..extract.rules import Link
from .pairs import RELATIONS, Pair

DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "relations"
MODES = ("rules", "model", "both")


@dataclass
class RelationModel:
    """A trained TextCatBOW pipeline and how its scores become links."""

    nlp: spacy.language.Language
    mode: str = "both"
    keep: float = 0.3  # "both": a rule link stays unless the model gives it less than this
    add: float = 0.6  # "both"/"model": a pair with no rule link is added above this

    def scores(self, pairs: list[Pair]) -> list[dict[str, float]]:
        return [doc.cats for doc in self.nlp.pipe(p.features for p in pairs)]

    def decide(self, pairs: list[Pair], links: list[Link]) -> list[Link]:
        """The rule links with the model's verdict applied; links the model adds appended."""
        if self.mode == "rules" or not pairs:
            return links
        scored = list(zip(pairs, self.scores(pairs), strict=True))
        drop = set()
        added = []
        for pair, cats in scored:
            best = max(RELATIONS, key=lambda r: cats.get(r, 0.0))
            if pair.rule is not None:
                if self.mode == "both" and (
                    pair.rule.layout or cats.get(pair.rule.relation, 0.0) >= self.keep
                ):
                    continue
                drop.add(id(pair.rule))
            if pair.vetoed:
                continue  # the rules' reasons for no relation stand
            if cats[best] >= self.add and cats[best] > cats.get("none", 0.0):
                conf = round(float(cats[best]), 3)
                method = f"model:{pair.source}"
                added.append(Link(pair.drug, best, pair.obj, method, conf, pair.sent))
        keep = [lk for lk in links if id(lk) not in drop]
        return keep + added


@lru_cache(maxsize=4)
def load_relation_model(path: str, mode: str, keep: float, add: float) -> RelationModel | None:
    """None when `path` is "none" or the shipped model is absent."""
    if path == "none" or mode == "rules":
        return None
    where = DEFAULT_MODEL if path == "default" else Path(path)
    if not (where / "meta.json").exists():
        if path == "default":
            return None
        raise ValueError(f"no relation model at {where}")
    if mode not in MODES:
        raise ValueError(f"relation mode must be one of {MODES}, not {mode!r}")
    return RelationModel(spacy.load(where), mode, keep, add)
