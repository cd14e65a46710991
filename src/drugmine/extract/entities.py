"""Entity views for the rules: drug identity, concept keys, misspelt drug names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..resources import read_rows, word_set
from ..vocab import FDA_SUFFIX, Entry, americanize, load_lexicon, norm_key, other_disease_family

_PLURAL = re.compile(r"(?<=[a-z]{3})s$")
PATHOGEN_AFTER = re.compile(r"\s*(virus|viruses|viral|bacteri\w*|vaccines?|type \d)\b", re.I)


@dataclass
class Ent:
    """One entity span of the cleaned document, with what the rules need."""

    span: Span
    type: str  # Chemical, Disease, Gene, DrugClass
    entry: Entry | None
    method: str
    sent: int
    concept: str = ""
    drug: str = ""  # generic name (lower case) when this is a drug mention
    is_brand: bool = False
    folded_head: bool = False  # a bare head word standing for a longer name on the page
    partners: tuple[str, ...] = ()  # the other generics of a combination product
    chars: tuple[int, int] | None = None  # a part of a token ("A" in "A/B"), else the span
    widened: bool = False  # grown over subtype words ("allergic asthma"): a name of its own

    @property
    def start(self) -> int:
        return self.chars[0] if self.chars else self.span.start_char

    @property
    def end(self) -> int:
        return self.chars[1] if self.chars else self.span.end_char

    @property
    def text(self) -> str:
        if self.chars:
            return doc_text(self.span.doc)[self.chars[0] : self.chars[1]]
        return self.span.text


TEXT_KEY = "dm_text"  # doc.user_data: the Doc's text while drugmine_facts runs


def doc_text(doc: Doc) -> str:
    """``doc.text``, read once per run: Doc.text joins every token on each access."""
    text = doc.user_data.get(TEXT_KEY)
    return text if text is not None else doc.text


def concept_key(ent_type: str, entry: Entry | None, surface: str) -> str:
    """Stable key for "same concept": the vocabulary's canonical name, else the surface.

    Canonical names (not IDs) because the packaged vocabularies sometimes give two
    different concepts one ID (nausea and vomiting share a MeSH ID there)."""
    base = entry.canonical if entry is not None and entry.canonical else surface
    if ent_type == "Disease" and other_disease_family(base, surface):
        base = surface  # MeSH files small lymphocytic lymphoma under CLL: two diseases
    key = americanize(norm_key(base))
    if ent_type != "Gene":
        words = [_PLURAL.sub("", w) for w in key.split()]
        if ent_type == "DrugClass":
            filler = word_set("class_filler.txt")
            words = [w for w in words if w not in filler] or words
            words = ["therapy" if w in ("therapie", "therapy") else w for w in words]
        key = " ".join(words)
    return f"{ent_type}:{key}"


def in_description(text: str, ent: Ent, window: int = 80) -> bool:
    """Inside a long parenthetical explanation: "Mucositis (inflammation of the ...)"."""
    open_at = text.rfind("(", max(0, ent.start - window), ent.start)
    if open_at == -1 or ")" in text[open_at : ent.start]:
        return False
    close_at = text.find(")", ent.end)
    if close_at == -1:
        return False
    inside = text[open_at + 1 : close_at]
    if re.match(r"\s*(a|an)\s", inside, re.I):
        return True
    return len(inside.split()) > 4 and not inside.lower().startswith(
        ("e.g", "eg", "such as", "including", "i.e")
    )


def is_generic(ent: Ent) -> bool:
    generic = word_set("generic_terms.txt")
    return norm_key(ent.text) in generic or americanize(norm_key(ent.text)) in generic


# all-capital acronyms up to four letters ("TAXOL" on a label is a brand) and names with a
# digit (code names)
ABBREVIATION_OR_CODE = re.compile(r"[A-Z]{2,4}|\S*\d\S*|[a-z]{2,4}-[A-Z]")


@lru_cache(maxsize=1)
def approved_names() -> frozenset[str]:
    """Every name in data/approved_names.tsv (generic names that differ by pharmacopoeia)."""
    return frozenset(norm_key(name) for row in read_rows("approved_names.tsv") for name in row)


def _is_brand_surface(ent_text: str, entry: Entry) -> bool:
    """Brand names are capitalised proper names that map to another generic."""
    if not entry.is_brand or len(ent_text) < 4:
        return False
    if ent_text.islower() and ent_text.endswith(tuple(word_set("generic_endings.txt"))):
        return False  # "rapamycin": another generic; lower-case brands count ("on zoloft")
    key = norm_key(ent_text)
    if key == entry.canonical or edit_distance(key, entry.canonical, 2) <= 2:
        return False  # the generic itself, or a misspelling of it
    if key in approved_names():
        return False  # "salbutamol" is albuterol's other approved name, not a brand
    if ABBREVIATION_OR_CODE.fullmatch(ent_text):
        return False  # "ATRA", "DTIC", "5-FU", "SN-38": short names, not trade names
    words = key.split()
    generic_words = set(entry.canonical.split())
    never = word_set("salt_words.txt") | word_set("not_brands.txt")  # one list each
    return not any(w in generic_words or w in never for w in words)


def _named_vaccine(span: Span, entry: Entry | None) -> bool:
    """ "the MMR vaccine", "Gardasil": one vaccine product (a Drug), where "vaccines" or
    "live vaccines" name a class. The vocabulary files vaccines as classes either way."""
    if entry is None or "vaccin" not in entry.canonical.lower():
        return False
    text = span.text
    if " " not in text and text[:1].isupper() and "vaccin" not in text.lower():
        return True  # a vaccine's brand
    low = " ".join(text.lower().split())
    if low in word_set("treatment_types.txt"):
        return False  # "a cancer vaccine": a kind of treatment
    return low.endswith("vaccine") and not low.startswith("live")


def _drug_like(span: Span) -> bool:
    """Body substances, excipients, vaccines and short lower-case words are chemicals, not
    drug names."""
    low = span.text.lower()
    if americanize(low) in word_set("endogenous.txt") | word_set("excipients.txt"):
        return False
    if "vaccin" in low:
        return False
    return not (len(low) <= 5 and span.text.islower() and low.isalpha())


PAREN_TAIL = re.compile(r"\s*\([^()]*\)\s*$")
PAREN_INNER = re.compile(r"\s*\([^()]*\)")


def drug_name(canonical: str) -> str:
    """The generic as users write it: "paclitaxel (with polyoxyethylated castor oil)" and
    "goserelin implant" are paclitaxel and goserelin."""
    name = PAREN_TAIL.sub("", canonical.lower()) or canonical.lower()
    name = " ".join(PAREN_INNER.sub(" ", name).split()) or name  # "zoster (shingles) vaccine"
    name = FDA_SUFFIX.sub("", name)  # "polatuzumab vedotin-piiq" is polatuzumab vedotin
    words = name.split()
    forms = word_set("dosage_forms.txt")
    while len(words) > 1 and words[-1] in forms:
        words.pop()
    if len(words) > 1 and words[-1] in word_set("salt_words.txt"):
        entry = load_lexicon().lookup(" ".join(words[:-1]))
        if entry is not None and entry.is_drug:  # "cefalexin monohydrate" is cefalexin
            words.pop()
    return " ".join(words)


def _without_form(span: Span, entry: Entry | None) -> Span:
    """ "Salbutamol inhalers": the vocabulary's entry for a product form; the mention is
    the drug's name ("Salbutamol"), as for any other drug written with its form."""
    if span.label_ != "Chemical" or entry is None or not entry.is_drug or len(span) < 2:
        return span
    forms = word_set("dosage_forms.txt")
    end = len(span)
    while end > 1 and span[end - 1].lower_ in forms:
        end -= 1
    if end == len(span):
        return span
    trimmed = span[:end]
    base = load_lexicon().lookup(trimmed.text)
    if base is None or not base.is_drug:
        return span
    out = Span(span.doc, trimmed.start, trimmed.end, label=span.label_)
    # a product entry without an ID yields to the drug's own (which carries one)
    out._.dm_entry = entry if entry.concept_id else base
    out._.dm_method = span._.dm_method
    return out


def build_ents(doc: Doc) -> list[Ent]:
    sent_index = {}
    for i, s in enumerate(doc.sents):
        sent_index[s.start] = i
    starts = sorted(sent_index)
    out = []
    import bisect

    text = doc_text(doc)
    for span in doc.spans["entities"]:
        if span.label_ == "Disease" and PATHOGEN_AFTER.match(text, span.end_char):
            continue  # "herpes simplex virus" names a pathogen, not a disease
        si = sent_index[starts[bisect.bisect_right(starts, span.start) - 1]]
        entry = span._.dm_entry
        span = _without_form(span, entry)
        entry = span._.dm_entry
        ent = Ent(span, span.label_, entry, span._.dm_method, si)
        if span.label_ == "Chemical" and entry is not None and entry.is_drug and _drug_like(span):
            ent.drug = drug_name(entry.canonical)
            ent.is_brand = _is_brand_surface(span.text, entry)
        elif _named_vaccine(span, entry):
            ent.type, ent.drug = "Chemical", " ".join(span.text.lower().split())
        ent.concept = f"Drug:{ent.drug}" if ent.drug else concept_key(ent.type, entry, span.text)
        out.append(ent)
    return out


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit+1) once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]
