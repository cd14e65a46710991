"""The scoring stage: predictions against our gold (evaluate, scoring), the public
benchmark corpora (corpora, corpus_readers, bench) and the HTML review pages (review)."""
