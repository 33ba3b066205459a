"""Process parsers: Procfiles and .env files."""
