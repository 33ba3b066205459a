"""The architecture picture: the fact graph reduced to components and the artifacts that build,
run and deploy them (:mod:`.view`), drawn as Mermaid, Graphviz dot or GraphML."""
