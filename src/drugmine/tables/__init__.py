"""The output stage: a run's tables (writer), their exports (SQL, Parquet, BRAT) and the
BRAT standoff gold they are scored against (brat)."""
