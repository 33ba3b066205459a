"""Image references (``[registry/]name[:tag][@digest]``) split into the attrs of ``image`` facts.

The Dockerfile parser records a reference as written (:func:`parse_image_ref`); compose records it
the way the engine pulls it (:func:`image_attrs`: Docker Hub's registry names and ``library/``
dropped).
"""

from __future__ import annotations

_DOCKER_HUB = {"docker.io", "index.docker.io", "registry-1.docker.io"}


def parse_image_ref(ref: str) -> dict[str, str | None]:
    """``[registry/]name[:tag][@digest]`` split into its parts (registry None for Docker Hub)."""
    rest, _, digest = ref.partition("@")
    first, slash, remainder = rest.partition("/")
    registry = None
    if slash and ("." in first or ":" in first or first == "localhost"):
        registry, rest = first, remainder
    name, colon, tag = rest.rpartition(":") if ":" in rest.rsplit("/", 1)[-1] else (rest, "", "")
    return {
        "ref": ref,
        "name": name,
        "registry": registry,
        "tag": tag if colon else None,
        "digest": digest or None,
    }


def image_attrs(ref: str) -> dict[str, str | None]:
    """``ghcr.io/org/app:1.2@sha256:..`` -> ref, name, registry, tag, digest; an explicit Docker
    Hub registry (``docker.io/library/redis``) reads as the bare name (``redis``), an empty tag
    as None."""
    attrs = parse_image_ref(ref)
    attrs["tag"] = attrs["tag"] or None
    if attrs["registry"] in _DOCKER_HUB:
        attrs["registry"] = None
        attrs["name"] = str(attrs["name"]).removeprefix("library/")
    return attrs
