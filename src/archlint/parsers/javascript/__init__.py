"""JavaScript/TypeScript parsers: package.json."""
