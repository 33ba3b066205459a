"""Position-keeping readers of data formats (YAML, TOML, JSON with comments): plain values plus
a key path -> (line, column) map. Parsers and the engine (rule files) share them; they know
nothing of facts."""
