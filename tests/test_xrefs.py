"""xrefs columns, drug summaries folded by ID, and the SQL drugs table carrying IDs."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from drugmine.fold import aggregate
from drugmine.tables.sql import export_sql
from drugmine.tables.writer import write_tables
from drugmine.types import DocumentResult, Entity, Fact, Mention
from drugmine.vocab import load_lexicon


def csv_rows(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)


def db_frame(url: str, sql: str) -> pd.DataFrame:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return pd.read_sql(text(sql), conn)
    finally:
        engine.dispose()


def _fact(doc: str, obj: str, oid: str, drug_id: str = "DRUGBANK:DB00813") -> Fact:
    return Fact(doc, "fentanyl", "causes", obj, object_id=oid, drug_id=drug_id)


def test_spellings_of_one_concept_fold_and_names_without_id_stay_apart():
    lex = load_lexicon()
    dia = lex.lookup("diarrhea").concept_id
    rows = [
        _fact("a", "diarrhoea", lex.lookup("diarrhoea").concept_id).as_row(),
        _fact("b", "diarrhea", dia).as_row(),
        _fact("c", "diarrhea", dia).as_row(),
        _fact("c", "a funny feeling", "").as_row(),
        _fact("c", "A funny feeling", "").as_row(),
    ]
    (rec,) = aggregate(rows)
    assert rec["adverse_effects"] == ["A funny feeling", "a funny feeling", "diarrhea"]
    assert rec["drug_id"] == "DRUGBANK:DB00813"
    assert "MESH:D005283" in rec["xrefs"].split("|")  # MeSH "Fentanyl"
    assert rec["doc_ids"] == ["a", "b", "c"]


BODY = "Fentanyl may cause vomiting."


def _result(path: Path) -> DocumentResult:
    lex = load_lexicon()
    sick = lex.lookup("vomiting").concept_id
    body = BODY
    return DocumentResult(
        doc_id="d1",
        path=str(path),
        status="ok",
        chars_raw=len(body),
        chars_clean=len(body),
        clean_text=body,
        mentions=[
            Mention("d1", 0, 8, "Drug", "Fentanyl", "fentanyl", "DRUGBANK:DB00813"),
            Mention("d1", 19, 27, "AdverseEffect", "vomiting", "vomiting", sick),
        ],
        entities=[Entity("d1", 19, 27, "Disease", "vomiting", sick, "vomiting")],
        facts=[_fact("d1", "vomiting", sick)],
    )


@pytest.fixture
def out(tmp_path):
    raw = tmp_path / "d1.txt"
    raw.write_text(BODY, encoding="utf-8")
    write_tables([_result(raw)], tmp_path / "out")
    return tmp_path / "out"


def test_tables_carry_xrefs_beside_the_primary_id(out):
    ents = csv_rows(out, "entities")
    assert ents.loc[0, "concept_id"] == "MESH:D014839"
    assert ents.loc[0, "xrefs"] == "HP:0002013"
    mentions = csv_rows(out, "mentions").set_index("label")
    assert "MESH:D005283" in mentions.loc["Drug", "xrefs"].split("|")
    fact = csv_rows(out, "facts").iloc[0]
    assert (fact["xrefs"], fact["drug_xrefs"]) == ("HP:0002013", mentions.loc["Drug", "xrefs"])
    (drug,) = json.loads((out / "drugs.json").read_text(encoding="utf-8"))
    assert drug["drug_id"] == "DRUGBANK:DB00813" and drug["adverse_effects"] == ["vomiting"]


def test_sql_drugs_table_has_ids_and_an_older_database_gains_the_columns(out, tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url)
    with engine.begin() as conn:  # the drugs table as an earlier drugmine made it
        conn.execute(text("CREATE TABLE drugs (drug TEXT PRIMARY KEY, brands TEXT NOT NULL)"))
    engine.dispose()
    export_sql(out, url)
    drugs = db_frame(url, "SELECT drug, drug_id, xrefs, adverse_effects FROM drugs")
    assert drugs.to_dict("records")[0]["drug_id"] == "DRUGBANK:DB00813"
    assert drugs.loc[0, "adverse_effects"] == "vomiting"
    facts = db_frame(url, "SELECT xrefs FROM facts")
    assert facts.loc[0, "xrefs"] == "HP:0002013"


def test_concept_xrefs_come_from_the_entry_named_like_the_concept():
    from drugmine.ids import concept_xrefs
    from drugmine.vocab import Entry

    libido = "MESH:D007989"  # Libido: no entry of its own, two signs with their own HPO terms
    fatigue = "MESH:D005221"  # Fatigue: two own entries, one named like the descriptor
    terms = {
        "more libido": Entry("Disease", libido, "libido", xrefs="HP:0046503"),
        "less libido": Entry("Disease", libido, "libido", xrefs="HP:0046504"),
        "malaise": Entry("Disease", fatigue, "malaise", xrefs="HP:0033834"),
        "fatigue": Entry("Disease", fatigue, "fatigue", xrefs="HP:0012378"),
        "some brand": Entry("Chemical", "DRUGBANK:DB00001", "x", xrefs=""),
        "some drug": Entry("Chemical", "DRUGBANK:DB00001", "x", xrefs="MESH:D000001"),
    }
    xrefs = concept_xrefs(terms)
    assert libido not in xrefs  # neither sign's HPO term names the descriptor
    assert xrefs[fatigue] == "HP:0012378"
    assert xrefs["DRUGBANK:DB00001"] == "MESH:D000001"  # an entry without xrefs takes no part
