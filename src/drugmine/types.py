"""Plain dataclasses at the stage boundaries (raw -> clean -> doc -> mentions -> facts)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ENTITY_TYPES = ("Chemical", "Disease", "Gene")
MENTION_LABELS = ("Drug", "DrugClass", "Target", "Indication", "AdverseEffect")
RELATIONS = ("treats", "causes", "targets", "is_a", "brand", "combined_with")
RELATION_ARG2 = {
    "treats": "Indication",
    "causes": "AdverseEffect",
    "targets": "Target",
    "is_a": "DrugClass",
    "brand": "Drug",
    "combined_with": "Drug",
}


@dataclass
class RawDocument:
    """One input file, decoded (drugmine.decoding) without newline translation."""

    doc_id: str
    path: str
    text: str = ""
    kind: str = "text"  # "text" or "html"
    error: str = ""
    encoding: str = ""  # the Python codec the text was decoded with
    sha256: str = ""  # of the file's bytes as read ("" when they could not be read)


@dataclass
class Entity:
    """A biomedical entity in the semantic layer, offsets into the RAW text."""

    doc_id: str
    start: int
    end: int
    type: str
    text: str
    concept_id: str = ""
    canonical: str = ""
    method: str = ""


@dataclass
class Mention:
    """An entity mention in its role (Drug, Indication, ...), offsets into the RAW text."""

    doc_id: str
    start: int
    end: int
    label: str
    text: str
    concept: str = ""
    concept_id: str = ""
    method: str = ""


@dataclass
class Fact:
    """A document-level fact with its provenance."""

    doc_id: str
    drug: str
    relation: str
    object: str
    aliases: list[str] = field(default_factory=list)
    object_id: str = ""
    drug_id: str = ""
    confidence: float = 0.0
    method: str = ""
    evidence: str = ""
    object_start: int = -1
    object_end: int = -1
    drug_start: int = -1
    drug_end: int = -1
    evidence_start: int = -1
    evidence_end: int = -1

    def key(self) -> tuple[str, str, str, str]:
        return (self.doc_id, self.drug, self.relation, self.object)

    def as_row(self) -> dict:
        row = asdict(self)
        row["aliases"] = "|".join(self.aliases)
        return row


@dataclass
class DocumentResult:
    """Everything one document yields; the unit that tables are built from."""

    doc_id: str
    path: str
    status: str
    error: str = ""
    chars_raw: int = 0
    chars_clean: int = 0
    clean_text: str = ""
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    encoding: str = ""
    sha256: str = ""  # of the raw file's bytes when the run read it
