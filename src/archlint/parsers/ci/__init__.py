"""CI and hook configuration: which quality and security tools a repository runs."""
