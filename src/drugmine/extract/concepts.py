"""Folding surface forms into one concept per document and naming it."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..resources import word_set
from ..vocab import FDA_SUFFIX
from .entities import Ent

GLOSS = re.compile(r"^\s*\(\s*(?:the|also called|also known as|or)?\s*$", re.I)
# "X syndrome, which used to be known as Y syndrome": one concept under two names
RENAMED = re.compile(
    r"^\s*,?\s*(?:which\s+(?:is|was)\s+|that\s+(?:is|was)\s+)?(?:also\s+|once\s+|formerly\s+"
    r"|previously\s+|sometimes\s+|often\s+)?(?:called|known as|named)\s+$",
    re.I,
)

OR_SHORT = re.compile(r"^\s*,\s*or\s+$", re.I)  # "tyrosine kinase inhibitor, or TKI"
SHORT_FORM = re.compile(r"[A-Z][A-Z0-9-]{1,7}s?")


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def fold_glosses(text: str, ents: list[Ent]) -> None:
    """ "renal cell carcinoma (kidney cancer)", "X, also called Y": two names, one concept
    (in place)."""
    uf = UnionFind()
    ordered = sorted(ents, key=lambda e: e.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.type != b.type or a.drug or b.drug:
            continue
        between = text[a.end : b.start]
        closing = text[b.end : b.end + 2]
        renamed = a.type != "DrugClass" and RENAMED.match(between)  # "drugs known as taxanes"
        renamed = renamed or (OR_SHORT.match(between) and SHORT_FORM.fullmatch(b.text))
        if GLOSS.match(between) and closing.lstrip().startswith(")") or renamed:
            uf.union(a.concept, b.concept)
    for e in ents:
        e.concept = uf.find(e.concept)


def fold_heads(ents: list[Ent]) -> None:
    """A bare head word after the one longer name that ends in it on this page is short
    for it: "myeloma" after "multiple myeloma" (in place). With two candidates ("follicular
    lymphoma", "mantle cell lymphoma") "lymphoma" stays its own concept."""
    diseases = [e for e in ents if e.type == "Disease" and not e.drug]
    longer: dict[str, dict[str, str]] = defaultdict(dict)  # head -> concept -> its name
    first: dict[str, int] = {}
    for e in diseases:
        words = e.text.lower().split()
        if len(words) > 1 and not e.widened:  # "asthma" after "allergic asthma" is asthma
            longer[words[-1].rstrip("s")].setdefault(e.concept, " ".join(words))
            first.setdefault(words[-1].rstrip("s"), e.start)
    only: dict[str, str] = {}  # head -> the one concept it stands for (once per head)
    for e in diseases:
        words = e.text.lower().split()
        head = words[0].rstrip("s")
        if head not in only:
            only[head] = _only_name(longer.get(head, {}))
        target = only[head]
        if len(words) == 1 and target and e.start > first[head]:
            e.concept = target
            e.folded_head = True


def _only_name(names: dict[str, str]) -> str:
    """The one concept a head word can stand for: the shortest name when every other name
    extends it ("multiple myeloma" within "smoldering multiple myeloma"), else none."""
    if not names:
        return ""
    concept, short = min(names.items(), key=lambda kv: len(kv[1]))
    if all(name.endswith(" " + short) or name == short for name in names.values()):
        return concept
    return ""


def _display(surface: str) -> str:
    """Lower-case ordinary words, keep symbols and acronyms (mTOR, BCR-ABL, HER2)."""
    s = " ".join(surface.split())
    if any(any(c.isupper() for c in w[1:]) or any(c.isdigit() for c in w) for w in s.split()):
        return s
    return s.lower()


# a class adjective that is itself a noun for its drugs ("an antifungal", "antidepressants")
CLASS_NOUN = re.compile(
    r"(anti-?[a-z]{2,}(?:ic|al|ory|ant|ive|ar|et|ine)|[a-z]{4,}(?:ant|otic|etic))s?", re.I
)  # not "antituberculous" or "anti-sickness": adjectives and nouns that need the head
CLASS_HEAD = re.compile(r"(drug|medication|medicine|agent)s?", re.I)


def _bare_class(name: str) -> str:
    """ "antifungal medication" is the class "antifungal": the head word adds nothing when
    the word before it already names the drugs (kept: "immunosuppressive medicines"); used
    where the page also writes the bare word ("antifungals")."""
    words = name.split()
    if len(words) == 2 and CLASS_HEAD.fullmatch(words[1]) and CLASS_NOUN.fullmatch(words[0]):
        return words[0]
    return name


def concept_names(ents: list[Ent]) -> dict[str, tuple[str, list[str]]]:
    """concept -> (preferred name, other surface forms): the most frequent full name wins."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for e in ents:
        forms[e.concept][_display(e.text)] += 1
    out = {}
    heads = {_display(e.text) for e in ents if e.folded_head}
    for concept, counter in forms.items():

        def rank(item: tuple[str, int]) -> tuple[int, int, int, int]:
            name, n = item
            is_abbrev = name.isupper() or (len(name) <= 5 and any(c.isupper() for c in name))
            folded_head = name in heads  # "myeloma" folded into "multiple myeloma"
            return (0 if is_abbrev else 1, 0 if folded_head else 1, n, len(name))

        ranked = sorted(counter.items(), key=rank, reverse=True)
        preferred = ranked[0][0]
        bare = _bare_class(preferred) if concept.startswith("DrugClass:") else preferred
        if bare != preferred and ({bare, bare + "s"} & set(counter)):
            preferred = bare  # the page itself also writes the class without its head
        aliases = sorted({n for n, _ in ranked} - {preferred}, key=str.lower)
        out[concept] = (preferred, aliases)
    return out


PLAIN_NAME = re.compile(r"[a-z][a-z -]{3,}[a-z]")


def _squeezed(name: str) -> str:
    return re.sub(r"[\s-]+", "", name)


def name_drugs(ents: list[Ent]) -> None:
    """Name each drug by the generic the page itself uses most (in place).

    The vocabulary's canonical name can be another generic of the same substance
    ("leucovorin" for "folinic acid"); gold and users expect the page's own generic.
    Brands, code names, typos and abbreviations never name a drug."""
    forms: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, int] = {}
    for e in ents:
        if not e.drug or e.is_brand or e.method in ("fuzzy", "code-name", "abbreviation"):
            continue
        words = e.text.lower().split()
        while len(words) > 1 and words[-1] in word_set("salt_words.txt"):
            words.pop()  # "cefalexin monohydrate" names the page's generic "cefalexin"
        low = FDA_SUFFIX.sub("", " ".join(words))  # "faricimab-svoa" names faricimab
        if low.startswith(e.drug + " ") or e.drug.startswith(low + " "):
            continue  # "imatinib mesylate": the salt, not another name
        if _squeezed(low) == _squeezed(e.drug):
            low = e.drug  # "ethinyl estradiol" is the vocabulary's "ethinylestradiol" spaced
        if low == e.drug or (PLAIN_NAME.fullmatch(low) and not e.text.isupper()):
            forms[e.drug][low] += 1
            first[low] = min(first.get(low, e.start), e.start)
    rename = {}
    for drug, counter in forms.items():
        # most used; on a tie the name the page gives first ("hydroxycarbamide (also
        # known as hydroxyurea)")
        name, _ = max(counter.items(), key=lambda kv: (kv[1], -first[kv[0]]))
        if name != drug:
            rename[drug] = name
    rename.update(_longer_page_names(ents, rename))
    for e in ents:
        if e.drug in rename:
            e.drug = rename[e.drug]
        e.partners = tuple(rename.get(p, p) for p in e.partners)
    _one_name_per_id(ents)


def _one_name_per_id(ents: list[Ent]) -> None:
    """Drug mentions with one DrugBank ID are one drug, named by the page's most used generic
    for it ("Ventolin", filed under "albuterol", on a page that writes "salbutamol")."""
    names: dict[str, Counter] = defaultdict(Counter)
    for e in ents:
        cid = e.entry.concept_id if e.entry is not None else ""
        if e.drug and not e.is_brand and not e.partners and cid.startswith("DRUGBANK:"):
            names[cid][e.drug] += 1
    for e in ents:
        cid = e.entry.concept_id if e.entry is not None else ""
        if e.drug and not e.partners and cid in names:
            best = names[cid].most_common(1)[0][0]
            if e.drug != best:
                e.drug, e.concept = best, f"Drug:{best}"


def _longer_page_names(ents: list[Ent], rename: dict[str, str]) -> dict[str, str]:
    """A combination brand's component the vocabulary shortens ("tenofovir" for Biktarvy)
    is the page's longer generic of that name ("tenofovir alafenamide"), when it has one."""
    page = {rename.get(e.drug, e.drug) for e in ents if e.drug and not e.is_brand}
    out = {}
    for e in ents:
        for name in (e.drug, *e.partners) if e.is_brand else e.partners:
            if not name or name in page:
                continue
            longer = [n for n in page if n.startswith(name + " ")]
            if len(longer) == 1:
                out[name] = longer[0]
    return out
