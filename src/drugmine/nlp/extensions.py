"""Every Doc and Span extension drugmine sets, declared in one place.

Values a later stage reads only inside one pipeline run (vocabulary entries on entity
spans) are dropped by ``drugmine_facts`` at the end of the run, so a finished Doc holds
plain data only and crosses process boundaries (``nlp.pipe(n_process=2)``, DocBin).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

RESULTS_KEY = "drugmine"  # doc.user_data[RESULTS_KEY]: the plain-data results of a run
RUN_ONLY = ("dm_entry", "dm_method", "abbreviations", "long_form")
MENTIONS = "drugmine_mentions"  # doc.spans key: mentions in their roles
ENTITIES = "drugmine_entities"  # doc.spans key: the semantic layer with IDs
ABBREVIATIONS = "drugmine_abbreviations"  # doc.spans key: short forms, label = long form


def results(doc: Doc) -> dict:
    """The plain-data results ``drugmine_facts`` left on the Doc (empty before it ran)."""
    return doc.user_data.get(RESULTS_KEY, {})


def _facts(doc: Doc) -> list:
    from .doc_facts import doc_facts

    return doc_facts(doc)


def register() -> None:
    """Idempotent: every module that reads an extension calls this on import."""
    if not Span.has_extension("dm_entry"):
        Span.set_extension("dm_entry", default=None)
        Span.set_extension("dm_method", default="")
    if not Doc.has_extension("facts"):
        Doc.set_extension("facts", getter=_facts)
    if not Doc.has_extension("drugmine"):
        Doc.set_extension("drugmine", getter=results)


register()
