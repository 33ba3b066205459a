"""The pure core: facts, the fact graph, findings and the rule model. No I/O here."""
