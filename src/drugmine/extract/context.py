"""Sentence and section context: trigger words, headings, lists and negation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..resources import expand_slots, read_rows
from . import entities

# a marker and a space, or a dash glued to a capitalised first word ("-Nausea")
BULLET = re.compile(r"^\s*(?:(?:[-•*·▪◦‣–]|\d+[.)]|[a-z][.)])\s+|[-•–](?=[A-Z][a-z]))")
PRONOUN_START = re.compile(
    r"^\W*(?:(?:together|combined|between them),?\s+)?"
    r"(it|it's|its|this|that|these|the|such|they|both)\s*(drug|drugs|medication|medications|"
    r"medicine|medicines|agent|agents|treatment|therapy"
    r"|compound|inhibitor|antibody)?\b",
    re.I,
)


@lru_cache(maxsize=1)
def triggers() -> dict[str, re.Pattern]:
    groups: dict[str, list[str]] = {}
    for kind, regex in read_rows("triggers.tsv", 2):
        groups.setdefault(kind, []).append(f"(?:{expand_slots(regex)})")
    return {k: re.compile("|".join(v), re.I) for k, v in groups.items()}


@lru_cache(maxsize=1)
def section_rules() -> list[tuple[str, re.Pattern]]:
    return [(role, re.compile(expand_slots(rx), re.I)) for role, rx in read_rows("sections.tsv", 2)]


def heading_role(text: str) -> str:
    for role, rx in section_rules():
        if rx.search(text):
            return role
    return ""


NUMBERED = re.compile(r"^\s*\d+(?:\.\d+)*[.)]?\s+")


def _numbered_section(text: str) -> bool:
    """ "4. Possible side effects": a numbered line naming a section is a heading."""
    m = NUMBERED.match(text)
    return bool(m) and bool(heading_role(text[m.end() :]))


def is_heading(sent: Span) -> bool:
    """A short line of its own with no final sentence punctuation."""
    text = sent.text.strip()
    if not text or "\t" in text:
        return False
    if BULLET.match(text) and not _numbered_section(text):
        return False
    doc = sent.doc
    starts_line = sent.start == 0 or "\n" in doc[sent.start - 1].text
    ends_line = (
        sent.end >= len(doc)
        or "\n" in doc[sent.end - 1].text
        or (sent.end < len(doc) and "\n" in doc[sent.end].text)
    )
    words = text.split()
    return starts_line and ends_line and len(words) <= 14 and not text.endswith((".", ";", ","))


@dataclass
class SentenceContext:
    """What the rules need to know about one sentence."""

    index: int
    span: Span
    text: str
    heading: bool
    section_role: str
    list_role: str = ""
    bullet: bool = False
    pronoun_start: bool = False
    cues: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    doc_text: str = ""  # Doc.text rebuilds the string on every call: read it once

    def cue_positions(self, kind: str) -> list[tuple[int, int]]:
        return self.cues.get(kind, [])


def sentence_contexts(doc: Doc) -> list[SentenceContext]:
    """Context per sentence: its cues, the role of its section and of the list it is in."""
    rx = triggers()
    doc_text = entities.doc_text(doc)
    out: list[SentenceContext] = []
    section_role = ""
    list_role = ""
    role = ""
    for i, sent in enumerate(doc.sents):
        text = sent.text
        head = is_heading(sent)
        bullet = not head and (bool(BULLET.match(text)) or "\t" in text)  # item or table row
        cues = {k: [(m.start(), m.end()) for m in p.finditer(text)] for k, p in rx.items()}
        own = heading_role(text) if head else ""
        if head and list_role and _unmarked_item(sent, out, own):
            head, bullet = False, True  # "chills" on its own line under "... if these occur:"
        if head and own == "frequency":
            # "Less common" under a side-effect list: the list and its section go on
            list_role = list_role or "adverse"
        elif head:
            role = own  # the last section heading's role (a "Rare:" lead-in falls back on it)
            # captions and sub-headings inherit the section's role; a question starts afresh
            section_role = role if role or text.rstrip().endswith("?") else section_role
            list_role = role  # bullets right under "Side effects" are items of that list
            if not role and VACCINE_LIST.search(text):
                list_role = "vaccine"  # "Some live vaccines": the bullets name vaccines
        ctx = SentenceContext(
            i,
            sent,
            text,
            head,
            section_role,
            "",
            bullet,
            bool(PRONOUN_START.match(text)),
            cues,
            doc_text,
        )
        if bullet:
            if not list_role and "\t" in text and out:
                # a header row "Side effect | Caused by", else "The table below shows ..."
                list_role = _cue_role(ctx) or _lead_in_role(out[-1])
            ctx.list_role = list_role
        elif not head:
            stripped = text.rstrip()
            if stripped.endswith(":"):
                list_role = _lead_in_role(ctx)
            elif stripped:
                list_role = ""
        elif text.rstrip().endswith(":"):
            list_role = _lead_in_role(ctx) or role
        out.append(ctx)
    return out


def _unmarked_item(sent: Span, out: list[SentenceContext], role: str) -> bool:
    """A short line with no marker and no role of its own (`role`, its heading role), on
    the line right after a lead-in ending in ':' (or after another such item), is an item
    of that list."""
    if not out or sent.text.strip().endswith(("?", ":")) or role:
        return False
    prev = out[-1]
    trailing = prev.text[len(prev.text.rstrip()) :]
    between = trailing + prev.doc_text[prev.span.end_char : sent.start_char]
    if between.count("\n") > 1:
        return False  # a blank line ends a list of bare lines
    unmarked_item = prev.bullet and not BULLET.match(prev.text) and "\t" not in prev.text
    return prev.text.rstrip().endswith(":") or unmarked_item or (
        prev.heading and heading_role(prev.text.strip()) == "frequency"
    )


WEAK_ADVERSE = re.compile(
    r"experienced?|develop(?:ed)?|report(?:ed)?|complications?|reactions?|warnings?", re.I
)


def _cue_role(ctx: SentenceContext) -> str:
    adverse = [ctx.text[s:e] for s, e in ctx.cue_positions("adverse")]
    if adverse and not (
        ctx.cue_positions("indication") and all(WEAK_ADVERSE.fullmatch(a) for a in adverse)
    ):
        return "adverse"  # "people who develop ..." loses to "used to treat ..."
    return "indication" if ctx.cue_positions("indication") else ""


# a heading or lead-in that lists vaccines ("Live vaccines include:"): its bullets name
# vaccines ("Yellow fever"), not conditions
VACCINE_LIST = re.compile(
    r"\b(?:live|inactivated|attenuated)\s+vaccines\b|\bvaccines\s*(?:include|such as|are)?\s*:\s*$",
    re.I,
)


def _lead_in_role(ctx: SentenceContext) -> str:
    """ "Common side effects include:" makes the following bullets adverse effects."""
    if VACCINE_LIST.search(ctx.text) and not ctx.cue_positions("adverse"):
        return "vaccine"
    background = ctx.cue_positions("background")
    if any(s <= b < e for s, e in ctx.cue_positions("signs_ahead") for b, _ in background):
        # (not after a use verb: "to treat the symptoms of X such as:" lists uses)
        return "signs"  # "symptoms of infection, including:" lists signs, not effects
    if ctx.cue_positions("effects_ahead"):
        return "adverse"  # "Ask for help if the following effects last:" points at the list
    role = _cue_role(ctx)
    if role:
        return role
    if ctx.cue_positions("list_intro"):
        # "The list has grown to include:" says nothing itself: the section decides, and
        # outside a uses section a bare "include:" list has been side effects
        return ctx.section_role if ctx.section_role == "indication" else "adverse"
    if ctx.section_role in ("indication", "adverse") and not ctx.cue_positions("background"):
        return ctx.section_role  # "You might have FOLFOX:" under "When is it used?"
    return ""


PSEUDO_NEGATION = re.compile(
    r"\s+(only|just|necessarily|always|universally|completely|fully|entirely|all|yet|"
    r"well understood|clear|certain|known|(?:a |the )?cure)\b",  # "not a cure for X": still for X
    re.I,
)


CLAUSE_OPENER = re.compile(r"^\W*(?:\w+\W+){0,2}$")


def negated(ctx: SentenceContext, start: int, window: int = 45) -> bool:
    """A negation cue shortly before `start` (sentence-relative), in the same clause.

    A cue that opens the sentence or list item ("it won't usually lead to hair loss or mouth
    sores") reaches to the end of its clause, as ConText scopes do."""
    for s, e in ctx.cue_positions("negation"):
        if PSEUDO_NEGATION.match(ctx.text, e):
            continue  # "not only", "not universally considered a cure"
        opener = bool(CLAUSE_OPENER.match(BULLET.sub("", ctx.text[:s], count=1)))
        if e <= start and (start - e <= window or opener):
            between = ctx.text[e:start]
            if not re.search(r"[;:]|\bbut\b|\bhowever\b|\balthough\b|\bwhile\b", between):
                return True
    return False


CAUSAL = re.compile(r"caus|lead|result|trigger|produc|induc|treat|manag|control|fight|cure", re.I)
WEAK = {"indication_weak": ("indication", 40)}


def nearest_cue(ctx: SentenceContext, start: int, kinds: tuple[str, ...]) -> str:
    """Kind of the closest cue to `start`, preferring cues before it.

    Weak cues ("for") count only shortly before the mention and lose ties."""
    best, best_d = "", 10**9
    for kind in kinds:
        candidates = [(kind, 0, 10**9)]
        if kind == "indication":
            candidates.append(("indication_weak", 15, WEAK["indication_weak"][1]))
        for cue_kind, penalty, reach in candidates:
            for s, e in ctx.cue_positions(cue_kind):
                if e <= start:
                    d = start - e
                    if d > reach:
                        continue
                else:
                    if reach < 10**9 or s - start > 40 or CAUSAL.search(ctx.text[s:e]):
                        continue  # a cue after the mention counts only close behind it,
                        # and "X can cause ..." makes X a cause, not an effect
                    d = (s - start) * 3 + 20
                d += penalty
                if d < best_d:
                    best, best_d = kind, d
    return best
