"""The rules engine: rule schema, loader, predicates, evaluator, suppressions."""
