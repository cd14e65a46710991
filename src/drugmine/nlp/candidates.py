"""Entity candidates from the vocabulary and from pattern rules, and their resolution.

Each finder is a pure function of the Doc that returns `Candidate`s (character spans);
`resolve` keeps the longest non-overlapping ones, so "mTOR inhibitor" (a class) wins
over the nested "mTOR" (a target), as ANNOTATION.md asks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ..intervals import Enclosing, Occupied
from ..resources import read_rows, word_set
from ..vocab import Entry, Lexicon, norm_key
from .first_words import first_words
from .suffixed_names import FDA_SUFFIXED, suffixed_entry

MAX_TOKENS = 12
PRIORITY = {"lexicon": 1, "abbreviation": 2, "model": 3, "pattern": 4}


@dataclass(frozen=True)
class Candidate:
    start: int  # character offsets into doc.text
    end: int
    type: str  # Chemical, Disease, Gene, DrugClass
    entry: Entry | None
    method: str

    @property
    def length(self) -> int:
        return self.end - self.start


# any adjective-looking word ("peritoneal", "classical") except stage/course words
ADJECTIVE = r"(?!(?:{drop})\b)[a-z]+(?:al|ic|ous|ary|oid|eal|ial)"


def _rows(kind: str) -> list[str]:
    return [r[1] for r in read_rows("patterns.tsv", 3) if r[0] == kind]


@lru_cache(maxsize=1)
def _regexes() -> dict[str, re.Pattern]:
    return compile_patterns(lambda kind: "|".join(_rows(kind)))


def compile_patterns(alt: Callable[[str], str]) -> dict[str, re.Pattern]:
    """The candidate regexes, `alt(kind)` giving the alternation of a patterns.tsv kind's
    rows (the tests compile one row at a time)."""
    return {
        "stem": re.compile(r"(?:" + alt("stem") + r")", re.I),
        "code": re.compile(r"\b(?:" + alt("code") + r")\b"),
        "formulation": re.compile(r"(?:" + alt("formulation_prefix") + r")-([a-z]{5,})", re.I),
        "code_not": re.compile(r"(?:" + alt("code_not") + r")"),
        "class": re.compile(
            # "angiotensin-converting enzyme (ACE) inhibitors": an abbreviation may follow
            r"\b(?:(?:" + alt("class_modifier") + r")(?:\s*\([A-Za-z0-9-]{2,8}\))?[ -]){1,3}"
            r"(?:" + alt("class_head") + r")\b",
            re.I,
        ),
        "class_standalone": re.compile(r"\b(?:" + alt("class_standalone") + r")\b", re.I),
        "disease": re.compile(
            r"\b(?:(?:"
            + alt("disease_modifier_ok").replace("'", "['’]")
            + "|"
            + ADJECTIVE.format(drop=alt("disease_modifier_drop"))
            + r")(?:[ -]|, )){0,6}(?:"
            + alt("disease_head")
            + r")\b",
            re.I,
        ),
        "coordinated": re.compile(r"\b(?:" + alt("disease_coordinated_name") + r")\b", re.I),
        "itis": re.compile(r"\b[a-z]{4,}itis\b", re.I),
        "ae_phrase": re.compile(r"\b(?:" + alt("ae_phrase") + r")\b", re.I),
    }


def lexicon_candidates(doc: Doc, lex: Lexicon, text: str | None = None) -> list[Candidate]:
    """Longest vocabulary match starting at each token; matches never cross a line break."""
    out: list[Candidate] = []
    text = doc.text if text is None else text
    # Token attributes read once (a spaCy Token is built on every access); a surface form
    # that repeats in the document is looked up once.
    toks = [(t.idx, t.text, t.is_space) for t in doc]
    ends = [idx + len(word) for idx, word, _ in toks]
    memo: dict[str, Entry | None] = {}
    max_chars = lex.max_chars
    index = first_words(lex)
    n = len(toks)
    i = 0
    while i < n:
        start, word, space = toks[i]
        if space or not word[0].isalnum():
            i += 1
            continue
        best = None
        first_word_done = index is None  # no index: look every span up
        for j in range(i, min(n, i + MAX_TOKENS)):
            _, wj, sj = toks[j]
            if sj and "\n" in wj:
                break
            end = ends[j]
            if end - start > max_chars:
                break
            if sj or not wj[-1].isalnum() and wj[-1] not in ")+":
                continue
            surface = text[start:end]
            if not first_word_done and j > i:
                key = norm_key(surface)
                if " " in key:  # past the first word: can any term begin with it?
                    first_word_done = True
                    if not index.may_begin(key, surface):
                        break
            entry = memo.get(surface, memo)
            if entry is memo:
                entry = memo[surface] = lex.lookup(surface)
            if entry is not None:
                best = (j, end, entry)
        if best and _modifier_abbreviation(text, start, best[1], best[2], lex):
            best = None
        if best:
            j, end, entry = best
            out.append(Candidate(start, end, entry.type, entry, "lexicon"))
            i = j + 1
        else:
            i += 1
    return out


GLUED_ON = re.compile(r"-[A-Za-z]|\s+[A-Z][a-z]")


def _modifier_abbreviation(text: str, start: int, end: int, entry: Entry, lex: Lexicon) -> bool:
    """A disease abbreviation that modifies what follows names nothing itself: "AIDS-related
    lymphoma" (one name), "the IBS Network" (an organisation)."""
    if entry.type != "Disease" or lex.symbols.get(text[start:end]) is not entry:
        return False
    return bool(GLUED_ON.match(text, end))


def _word_ok(word: str) -> bool:
    low = word.lower()
    return low not in STOP_WORDS and low not in word_set("stop_terms.txt")


def stem_word(word: str, rx: dict[str, re.Pattern]) -> bool:
    """A word shaped like an INN ("-tinib", "-mab"; the stem rows of patterns.tsv)."""
    return len(word) >= 7 and word.isalpha() and bool(rx["stem"].fullmatch(word)) and _word_ok(word)


def code_names(text: str, rx: dict[str, re.Pattern]) -> Iterator[re.Match]:
    """Code names ("AB-1234") that no code_not row excludes."""
    for m in rx["code"].finditer(text):
        if rx["code_not"].fullmatch(m.group()) or re.match(r"/\d", text[m.end() : m.end() + 2]):
            continue  # "AB 12345/0001" is a registration number, not a code name
        yield m


def pattern_candidates(doc: Doc, lex: Lexicon, text: str | None = None) -> list[Candidate]:
    """INN stems, code names, class phrases and disease-head phrases."""
    rx = _regexes()
    text = doc.text if text is None else text
    out: list[Candidate] = []
    for tok in doc:
        word = tok.text
        source = ""
        if stem_word(word, rx):
            source = "inn-stem" if lex.lookup(word) is None else ""
        elif m := rx["formulation"].fullmatch(word):  # "nab-paclitaxel"
            base = lex.lookup(m.group(1))
            source = "formulation" if base is not None and base.is_drug else ""
        elif (m := FDA_SUFFIXED.fullmatch(word)) and lex.lookup(word) is None:
            entry = suffixed_entry(m.group(1), lex, rx["stem"], _word_ok)
            if entry is not None:  # "faricimab-svoa"
                out.append(Candidate(tok.idx, tok.idx + len(word), "Chemical", entry, "pattern"))
        if source:
            entry = Entry("Chemical", "", word.lower(), is_drug=True, source=source)
            out.append(Candidate(tok.idx, tok.idx + len(word), "Chemical", entry, "pattern"))
    for m in code_names(text, rx):
        entry = Entry("Chemical", "", m.group(), is_drug=True, source="code-name")
        out.append(Candidate(m.start(), m.end(), "Chemical", entry, "pattern"))
    for key in ("class", "class_standalone"):
        for m in rx[key].finditer(text):
            surface = m.group()
            entry = Entry("DrugClass", "", surface.lower(), source=f"{key}-pattern")
            out.append(Candidate(m.start(), m.end(), "DrugClass", entry, "pattern"))
    out.extend(_disease_phrases(text, rx))
    return out


def _disease_phrases(text: str, rx: dict[str, re.Pattern]) -> list[Candidate]:
    out = []
    generic_heads = word_set("generic_terms.txt")  # a bare head word names no disease
    for m in rx["disease"].finditer(text):
        start = m.start()
        lead = re.match(r"(?:(?:and|or|cell|cells)\s+)+", m.group(), re.I)
        if lead:
            start += lead.end()
        start += _last_conjunct(text[start : m.end()], rx["coordinated"])
        surface = text[start : m.end()]
        words = surface.split()
        if len(words) == 1 and words[0].lower() in generic_heads:
            continue
        if len(words) > 1 and all(w.lower() in ("and", "cell", "head", "neck") for w in words[:-1]):
            continue
        entry = Entry("Disease", "", surface.lower(), source="disease-head")
        out.append(Candidate(start, m.end(), "Disease", entry, "pattern"))
    for m in rx["ae_phrase"].finditer(text):
        entry = Entry("Disease", "", m.group().lower(), source="ae-phrase")
        out.append(Candidate(m.start(), m.end(), "Disease", entry, "pattern"))
    for m in rx["itis"].finditer(text):
        entry = Entry("Disease", "", m.group().lower(), source="itis")
        out.append(Candidate(m.start(), m.end(), "Disease", entry, "pattern"))
    return out


def _last_conjunct(phrase: str, coordinated: re.Pattern) -> int:
    """Offset of the last conjunct of a listed disease phrase ("ear and sinus infections"
    -> "sinus infections"); 0 when the coordination is one name ("head and neck cancer")."""
    kept = phrase
    for m in coordinated.finditer(phrase):  # a one-name coordination hides its "and"
        kept = kept[: m.start()] + "x" * (m.end() - m.start()) + kept[m.end() :]
    conj = list(re.finditer(r"(?:,\s*|\s+)(?:and|or)\s+", kept, re.I))
    return conj[-1].end() if conj else 0


def gene_class_candidates(
    doc: Doc, found: list[Candidate], text: str | None = None
) -> list[Candidate]:
    """ "<target> inhibitor(s)/antibody" is a drug class, e.g. "FLT3 inhibitors"."""
    heads = re.compile(
        r"[ -](inhibitors?|blockers?|antagonists?|agonists?|antibod(?:y|ies)"
        r"|-targeted (?:therapy|therapies|drugs?))\b",
        re.I,
    )
    out = []
    text = doc.text if text is None else text  # Doc.text joins every token
    for c in found:
        if c.type != "Gene":
            continue
        m = heads.match(text, c.end)
        if m:
            surface = text[c.start : m.end()]
            entry = Entry("DrugClass", "", surface.lower(), source="target-class")
            out.append(Candidate(c.start, m.end(), "DrugClass", entry, "pattern"))
    return out


# "ALK-positive", "HR+/HER2−", "PD-L1-positive": a biomarker that names a disease subtype
SUBTYPE_PREFIX = re.compile(
    r"(?:(?<![\w-])[A-Z][A-Za-z0-9]*(?:-[A-Z0-9][A-Za-z0-9]*)?"
    r"(?:[-‐ ](?:positive|negative|mutant|mutated|rearranged|amplified|expressing|driven)"
    r"|[+−-](?=[\s,/]))(?:\s*[,/]\s*|\s+))+$"
)


def subtype_prefixed(chosen: list[Candidate], text: str) -> list[Candidate]:
    """Extend a disease over the biomarker words before it ("ROS1-positive NSCLC" is one
    indication, ANNOTATION.md); gene names nested in that prefix are no mentions."""
    out, prefixes = [], []
    for c in chosen:
        m = SUBTYPE_PREFIX.search(text, max(0, c.start - 40), c.start)
        if c.type == "Disease" and m and m.end() == c.start:
            base = c.entry.canonical if c.entry is not None else text[c.start : c.end].lower()
            prefix = " ".join(text[m.start() : c.start].lower().split())
            entry = Entry("Disease", "", f"{prefix} {base}", source="subtype-prefix")
            c = Candidate(m.start(), c.end, "Disease", entry, c.method)
            prefixes.append((c.start, c.end))
        out.append(c)
    if not prefixes:
        return out
    inside = Enclosing(prefixes)
    return [c for c in out if not inside.strictly_contains(c.start, c.end)]


def _rank(c: Candidate) -> float:
    """Ties on length: vocabulary first, except that a class phrase beats a vocabulary
    chemical that is no drug ("anthracyclines", "bisphosphonate" are classes of drugs)."""
    if c.type == "DrugClass" and c.method == "pattern":
        return 0
    return PRIORITY.get(c.method, 9) + (0.5 if c.type == "Chemical" and not _is_drug(c) else 0)


def _is_drug(c: Candidate) -> bool:
    return c.entry is not None and c.entry.is_drug


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Greedy longest-first selection of non-overlapping candidates."""
    ranked = sorted(candidates, key=lambda c: (-c.length, _rank(c), c.start))
    if any(c.length <= 0 for c in ranked):
        return _resolve_pairwise(ranked)  # an empty span is no set of characters
    occupied = Occupied(max((c.end for c in ranked), default=0))
    taken: list[Candidate] = []
    for c in ranked:
        if not occupied.overlaps(c.start, c.end):
            taken.append(c)
            occupied.take(c.start, c.end)
    return sorted(taken, key=lambda c: c.start)


def _resolve_pairwise(ranked: list[Candidate]) -> list[Candidate]:
    taken: list[Candidate] = []
    for c in ranked:
        if not any(c.start < t.end and t.start < c.end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)
