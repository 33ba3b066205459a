"""Go sources: the package, its imports and the ports its servers listen on."""
