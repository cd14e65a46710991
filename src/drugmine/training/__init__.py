"""Training the shipped statistical NER (Chemical, Disease) on BC5CDR: model, examples,
pretraining, scores and the training loop (train). The relation model trains in learned/."""
