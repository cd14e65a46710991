"""The learned layer: a spaCy text classifier that decides drug-condition relations.

Rules propose and describe; the model decides. Every (drug, condition mention) pair the
rules could mean becomes a candidate (:mod:`.pairs`), written as a line of feature tokens
(the rule's own verdict and method, the sentence's cues, section and list roles, where the
drug was found, the words around the mention). A TextCatBOW classifier trained on the gold
(:mod:`.train`) gives each pair P(treats), P(causes), P(none); :mod:`.decide` turns those
into links, alone ("model") or together with the rules ("both").
"""
